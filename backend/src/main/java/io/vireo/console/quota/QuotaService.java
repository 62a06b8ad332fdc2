package io.vireo.console.quota;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.VireoProperties;
import io.vireo.console.audit.Audited;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Permission;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRepository;
import io.vireo.console.vm.Vm;
import io.vireo.console.vm.VmRepository;

@Service
public class QuotaService {

    private final QuotaRepository quotas;
    private final TeamRepository teams;
    private final VmRepository vms;
    private final AccessPolicy access;
    private final VireoProperties properties;

    public QuotaService(QuotaRepository quotas, TeamRepository teams, VmRepository vms, AccessPolicy access,
            VireoProperties properties) {
        this.quotas = quotas;
        this.teams = teams;
        this.vms = vms;
        this.access = access;
        this.properties = properties;
    }

    /** The team's quota, what it uses, and what {@code requested} would add (for the create form's bars). */
    @Transactional(readOnly = true)
    public QuotaStatus status(Long teamId, Resources requested) {
        access.require(teamId, Permission.VIEW, "Team", teamId);
        Team team = teams.findById(teamId).orElseThrow(() -> new NotFoundException("Team", teamId));
        return new QuotaStatus(teamId, team.getName(), limitOf(team), usage(teamId), requested);
    }

    /**
     * Refuses a change that would take the team over any limit. It runs inside the change's transaction, before
     * the change is written, and locks the team's quota row until that transaction ends: parallel changes of
     * one team are checked one after the other, each counting what the ones before it committed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void ensureRoom(Long teamId, Resources extra) {
        teams.findById(teamId).orElseThrow(() -> new NotFoundException("Team", teamId));
        Resources limit = quotas.lockByTeamId(teamId).map(Quota::limits).orElse(Resources.NONE);
        List<String> exceeded = usage(teamId).plus(extra).exceeding(limit);
        if (!exceeded.isEmpty()) {
            throw new QuotaExceededException(exceeded);
        }
    }

    @Audited(action = "quota.change", target = "Team")
    @Transactional
    public Quota change(Long teamId, Resources limits) {
        access.requireAdmin();
        Team team = teams.findById(teamId).orElseThrow(() -> new NotFoundException("Team", teamId));
        Quota quota = quotas.findByTeamId(teamId).orElseGet(() -> quotas.save(new Quota(team, limits)));
        quota.change(limits);
        return quota;
    }

    /** Gives a new team the configured starting quota. */
    public void grantDefault(Team team) {
        VireoProperties.DefaultQuota d = properties.defaultQuota();
        quotas.save(new Quota(team, new Resources(d.vcpus(), d.memoryMib(), d.diskGib(), d.vms())));
    }

    private Resources limitOf(Team team) {
        return quotas.findByTeamId(team.getId()).map(Quota::limits).orElse(Resources.NONE);
    }

    private Resources usage(Long teamId) {
        return vms.findByTeamId(teamId).stream().map(Vm::resources).reduce(Resources.NONE, Resources::plus);
    }
}
