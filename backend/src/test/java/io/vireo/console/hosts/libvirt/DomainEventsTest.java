package io.vireo.console.hosts.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;
import org.libvirt.event.StoppedDetail;

import io.vireo.console.engine.RuntimeState;

class DomainEventsTest {

    @Test
    void aStopSaysWhetherTheConsoleTheGuestOrSomeoneOnTheHostDidIt() {
        DomainEvent destroyed = new DomainEvent(DomainEventType.STOPPED, StoppedDetail.DESTROYED.ordinal());
        assertThat(DomainEvents.stateAfter(destroyed)).contains(RuntimeState.OFF);
        assertThat(DomainEvents.reason(destroyed, "kvm1", true)).isEqualTo("powered off");
        assertThat(DomainEvents.reason(destroyed, "kvm1", false))
                .isEqualTo("its domain was destroyed on host kvm1 outside the console");
        assertThat(DomainEvents.reason(new DomainEvent(DomainEventType.STOPPED, StoppedDetail.SHUTDOWN.ordinal()),
                "kvm1", false)).isEqualTo("the guest powered off");
    }

    @Test
    void eventsThatLeaveTheStateAsItWasTellNothing() {
        assertThat(DomainEvents.stateAfter(new DomainEvent(DomainEventType.DEFINED, 0))).isEmpty();
        assertThat(DomainEvents.stateAfter(new DomainEvent(DomainEventType.SHUTDOWN, 0))).isEmpty();
        assertThat(DomainEvents.stateAfter(new DomainEvent(DomainEventType.SUSPENDED, 0))).contains(RuntimeState.PAUSED);
    }
}
