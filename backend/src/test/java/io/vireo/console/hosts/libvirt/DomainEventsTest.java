package io.vireo.console.hosts.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;
import org.libvirt.event.StartedDetail;
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
    void aDomainSavedToAFileIsSuspendedAndOneRestoredResumes() {
        DomainEvent saved = new DomainEvent(DomainEventType.STOPPED, StoppedDetail.SAVED.ordinal());
        assertThat(DomainEvents.stateAfter(saved)).contains(RuntimeState.SUSPENDED);
        assertThat(DomainEvents.reason(saved, "kvm1", false))
                .isEqualTo("suspended on host kvm1: its state and memory are saved");
        DomainEvent restored = new DomainEvent(DomainEventType.STARTED, StartedDetail.RESTORED.ordinal());
        assertThat(DomainEvents.stateAfter(restored)).contains(RuntimeState.RUNNING);
        assertThat(DomainEvents.reason(restored, "kvm1", false)).isEqualTo("resumed from its saved state on host kvm1");
    }

    @Test
    void eventsThatLeaveTheStateAsItWasTellNothing() {
        assertThat(DomainEvents.stateAfter(new DomainEvent(DomainEventType.DEFINED, 0))).isEmpty();
        assertThat(DomainEvents.stateAfter(new DomainEvent(DomainEventType.SHUTDOWN, 0))).isEmpty();
        assertThat(DomainEvents.stateAfter(new DomainEvent(DomainEventType.SUSPENDED, 0))).contains(RuntimeState.PAUSED);
    }
}
