package io.vireo.console.network;

import java.time.Instant;
import java.util.List;

import io.vireo.console.audit.AuditTarget;
import io.vireo.console.domain.IdentifiedEntity;
import io.vireo.console.engine.NetworkSettings;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/** A virtual switch VMs' NICs plug into: its kind, addressing, DHCP and DNS, as the engine starts it. */
@Entity
@Table(name = "networks")
public class Network extends IdentifiedEntity implements AuditTarget {

    private String name;
    @Enumerated(EnumType.STRING)
    private NetworkKind kind;
    private String cidr;
    private String gateway;
    private boolean dhcp;
    private String dhcpFirst;
    private String dhcpLast;
    private int leaseSeconds;
    private boolean dns;
    private String uplink;
    private Instant createdAt;
    private Instant updatedAt;

    protected Network() {
    }

    Network(NetworkRequest request, Instant now) {
        this.createdAt = now;
        update(request, now);
    }

    /** Takes the request's settings as they are: {@link NetworkService} had the engine check them. */
    void update(NetworkRequest request, Instant now) {
        this.name = request.name();
        this.kind = request.kind();
        this.cidr = request.cidr().strip();
        this.gateway = request.gateway().strip();
        this.dhcp = request.dhcp();
        this.dhcpFirst = request.dhcp() ? request.dhcpFirst().strip() : null;
        this.dhcpLast = request.dhcp() ? request.dhcpLast().strip() : null;
        this.leaseSeconds = request.leaseSeconds();
        this.dns = request.dns();
        this.uplink = request.kind() == NetworkKind.BRIDGED ? request.uplink().strip() : null;
        this.updatedAt = now;
    }

    /** What the engine starts: this network with no fixed addresses (the NICs on it add theirs). */
    public NetworkSettings settings() {
        return settings(getId(), name, kind, cidr, gateway, dhcp, dhcpFirst, dhcpLast, leaseSeconds, dns, uplink);
    }

    static NetworkSettings settings(NetworkRequest r) {
        return settings(null, r.name(), r.kind(), r.cidr(), r.gateway(), r.dhcp(), r.dhcpFirst(), r.dhcpLast(),
                r.leaseSeconds(), r.dns(), r.kind() == NetworkKind.BRIDGED ? r.uplink() : null);
    }

    private static NetworkSettings settings(Long id, String name, NetworkKind kind, String cidr, String gateway, boolean dhcp,
            String first, String last, int leaseSeconds, boolean dns, String uplink) {
        return new NetworkSettings(id, name, kind.name(), cidr, gateway, dhcp, first, last, leaseSeconds, dns,
                uplink, List.of());
    }

    public String getName() { return name; }
    public NetworkKind getKind() { return kind; }
    public String getCidr() { return cidr; }
    public String getGateway() { return gateway; }
    public boolean isDhcp() { return dhcp; }
    public String getDhcpFirst() { return dhcpFirst; }
    public String getDhcpLast() { return dhcpLast; }
    public int getLeaseSeconds() { return leaseSeconds; }
    public boolean isDns() { return dns; }
    public String getUplink() { return uplink; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
}
