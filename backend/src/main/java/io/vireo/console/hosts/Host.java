package io.vireo.console.hosts;

import java.time.Instant;
import java.util.Optional;

import io.vireo.console.audit.AuditTarget;
import io.vireo.console.domain.IdentifiedEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A libvirt host an administrator added: where the console reaches it, and whether it takes new VMs. */
@Entity
@Table(name = "hosts")
public class Host extends IdentifiedEntity implements AuditTarget {

    private String name;
    private String uri;
    private boolean maintenance;
    private Instant createdAt;
    private String sshHostKey;

    protected Host() {
    }

    public Host(String name, HostUri uri, Instant now) {
        this.name = name;
        this.uri = uri.value();
        this.createdAt = now;
    }

    public String getName() { return name; }

    public HostUri uri() { return HostUri.parse(uri); }

    /** In maintenance a host keeps its VMs, but no new VM is placed on it. */
    public boolean isMaintenance() { return maintenance; }

    void setMaintenance(boolean maintenance) {
        this.maintenance = maintenance;
    }

    public Instant getCreatedAt() { return createdAt; }

    /** The SSH key the console trusts this host to present; empty for other hosts, or while none is trusted. */
    public Optional<SshHostKey> sshHostKey() { return SshHostKey.parse(sshHostKey); }

    void trust(SshHostKey key) {
        this.sshHostKey = key.toString();
    }
}
