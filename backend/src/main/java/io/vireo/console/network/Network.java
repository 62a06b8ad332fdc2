package io.vireo.console.network;

import java.time.Instant;

import io.vireo.console.audit.AuditTarget;
import io.vireo.console.domain.IdentifiedEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/** A virtual switch the inventory records; the engine has no network device yet to plug VMs into it. */
@Entity
@Table(name = "networks")
public class Network extends IdentifiedEntity implements AuditTarget {

    private String name;
    @Enumerated(EnumType.STRING)
    private NetworkKind kind;
    private String cidr;
    private Instant createdAt;

    protected Network() {
    }

    public String getName() { return name; }
    public NetworkKind getKind() { return kind; }
    public String getCidr() { return cidr; }
    public Instant getCreatedAt() { return createdAt; }
}
