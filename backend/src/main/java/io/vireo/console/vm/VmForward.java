package io.vireo.console.vm;

import java.time.Instant;

import io.vireo.console.domain.IdentifiedEntity;
import io.vireo.console.engine.LaunchSpec;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A port forward: host address and port to a port of one NIC's guest, applied whenever the VM runs. */
@Entity
@Table(name = "port_forwards")
public class VmForward extends IdentifiedEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private VmNic nic;
    @Enumerated(EnumType.STRING)
    private ForwardProtocol protocol;
    private String hostAddress;
    private int hostPort;
    private int guestPort;
    private String createdBy;
    private Instant createdAt;

    protected VmForward() {
    }

    VmForward(VmNic nic, ForwardProtocol protocol, String hostAddress, int hostPort, int guestPort, String createdBy,
            Instant now) {
        this.nic = nic;
        this.protocol = protocol;
        this.hostAddress = hostAddress;
        this.hostPort = hostPort;
        this.guestPort = guestPort;
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    LaunchSpec.Forward spec() {
        return new LaunchSpec.Forward(protocol.name(), hostAddress, hostPort, guestPort);
    }

    public VmNic getNic() { return nic; }
    public ForwardProtocol getProtocol() { return protocol; }
    public String getHostAddress() { return hostAddress; }
    public int getHostPort() { return hostPort; }
    public int getGuestPort() { return guestPort; }
    public String getCreatedBy() { return createdBy; }
    public Instant getCreatedAt() { return createdAt; }
}
