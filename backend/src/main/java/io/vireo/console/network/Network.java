package io.vireo.console.network;

import java.time.Instant;

import io.vireo.console.audit.AuditTarget;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A virtual switch the inventory records; the engine has no network device yet to plug VMs into it. */
@Entity
@Table(name = "networks")
public class Network implements AuditTarget {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    @Enumerated(EnumType.STRING)
    private NetworkKind kind;
    private String cidr;
    private Instant createdAt;

    protected Network() {
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public NetworkKind getKind() { return kind; }
    public String getCidr() { return cidr; }
    public Instant getCreatedAt() { return createdAt; }
}
