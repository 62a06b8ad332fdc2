package io.vireo.console.vm.internal;

import java.time.Instant;

import io.vireo.console.domain.IdentifiedEntity;
import io.vireo.console.vm.Vm;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** Something that happened to a VM: a power change, who or what caused it, drift found at start-up. */
@Entity
@Table(name = "vm_events")
public class VmEvent extends IdentifiedEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Vm vm;
    private Instant at;
    private String kind;
    private String message;

    protected VmEvent() {
    }

    public VmEvent(Vm vm, Instant at, String kind, String message) {
        this.vm = vm;
        this.at = at;
        this.kind = kind;
        this.message = message.length() > 1024 ? message.substring(0, 1021) + "…" : message;
    }

    public Instant getAt() { return at; }
    public String getKind() { return kind; }
    public String getMessage() { return message; }
}
