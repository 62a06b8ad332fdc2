package io.vireo.console.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.data.domain.PageRequest;

import io.vireo.console.audit.Outcome;
import io.vireo.console.audit.internal.AuditEvent;
import io.vireo.console.audit.internal.AuditEventRepository;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.internal.DatastoreRepository;
import io.vireo.console.team.Team;
import io.vireo.console.team.internal.TeamRepository;
import io.vireo.console.vm.PowerState;
import io.vireo.console.vm.internal.VmRepository;

/** The Flyway schema against the entity mappings, and the portable queries lists are built on. */
@DataJpaTest
class RepositoryTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    @Autowired
    TeamRepository teams;
    @Autowired
    VmRepository vms;
    @Autowired
    DatastoreRepository datastores;
    @Autowired
    AuditEventRepository audit;

    @Test
    void theMigratedSchemaMatchesTheEntities() {
        Team team = teams.save(new Team("ops", "Operations", NOW));
        datastores.save(new Datastore("fast", Path.of("/srv/fast"), NOW));
        assertThat(teams.findById(team.getId())).isPresent();
        assertThat(datastores.existsByName("fast")).isTrue();
    }

    @Test
    void vmSearchMatchesNoTeamsWhenOnlyTheSentinelIsGiven() {
        assertThat(vms.search(Set.of(-1L), EnumSet.allOf(PowerState.class), "", PageRequest.of(0, 10)))
                .isEmpty();
    }

    @Test
    void auditSearchFiltersByActorActionOutcomeAndTime() {
        audit.save(new AuditEvent(NOW, "alice", "vm.create", "VM", 1L, null, Outcome.SUCCEEDED));
        audit.save(new AuditEvent(NOW, "bob", "vm.delete", "VM", 1L, "viewer", Outcome.DENIED));
        audit.save(new AuditEvent(NOW.plusSeconds(3600), "alice", "vm.delete", "VM", 2L, null, Outcome.SUCCEEDED));
        assertThat(audit.search("ALI", "vm.", EnumSet.of(Outcome.SUCCEEDED), Instant.EPOCH, NOW.plusSeconds(60),
                PageRequest.of(0, 10))).extracting(AuditEvent::getAction).containsExactly("vm.create");
        assertThat(audit.search("", "", EnumSet.of(Outcome.DENIED), Instant.EPOCH, NOW.plusSeconds(7200),
                PageRequest.of(0, 10))).extracting(AuditEvent::getActor).containsExactly("bob");
    }
}
