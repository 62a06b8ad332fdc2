package io.vireo.console.team;

import java.time.Clock;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Permission;
import io.vireo.console.user.User;
import io.vireo.console.user.UserRepository;
import io.vireo.console.vm.VmRepository;

/** Teams and who belongs to them. Members see their teams; only administrators change them. */
@Service
public class TeamService {

    private final TeamRepository teams;
    private final MembershipRepository memberships;
    private final UserRepository users;
    private final VmRepository vms;
    private final QuotaService quotas;
    private final AccessPolicy access;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TeamService(TeamRepository teams, MembershipRepository memberships, UserRepository users, VmRepository vms,
            QuotaService quotas, AccessPolicy access, ApplicationEventPublisher events, Clock clock) {
        this.teams = teams;
        this.memberships = memberships;
        this.users = users;
        this.vms = vms;
        this.quotas = quotas;
        this.access = access;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<Team> list(String q, Pageable pageable) {
        return teams.search(access.visibleTeamIds(), q == null ? "" : q.trim(), pageable);
    }

    /** The teams in which the caller holds {@code permission}: what the VM form offers as owners. */
    @Transactional(readOnly = true)
    public List<Team> teamsWhereCallerCan(Permission permission) {
        var caller = access.caller();
        return teams.findByIdInOrderByName(access.visibleTeamIds()).stream()
                .filter(team -> caller.can(team.getId(), permission)).toList();
    }

    @Transactional(readOnly = true)
    public Team get(Long id) {
        access.require(id, Permission.VIEW, "Team", id);
        return teams.findById(id).orElseThrow(() -> new NotFoundException("Team", id));
    }

    @Transactional(readOnly = true)
    public List<Membership> members(Long teamId) {
        get(teamId);
        return memberships.findByTeamIdOrderByUserUsername(teamId);
    }

    @Audited(action = "team.create", target = "Team")
    @Transactional
    public Team create(TeamRequest request) {
        access.requireAdmin();
        if (teams.existsByName(request.name())) {
            throw new InvalidFieldException("name", "A team named " + request.name() + " already exists");
        }
        Team team = teams.save(new Team(request.name(), request.description(), clock.instant()));
        quotas.grantDefault(team);
        return team;
    }

    @Audited(action = "team.delete", target = "Team")
    @Transactional
    public void delete(Long id) {
        access.requireAdmin();
        Team team = teams.findById(id).orElseThrow(() -> new NotFoundException("Team", id));
        if (!vms.findByTeamId(id).isEmpty()) {
            throw new ConflictException("Team owns VMs", "Delete or move the VMs of team " + team.getName() + " first");
        }
        teams.delete(team);
    }

    /** Adds the user to the team, or changes their role if they are a member already. */
    @Audited(action = "team.member.set", target = "Team")
    @Transactional
    public Membership setMember(Long teamId, MemberRequest request) {
        access.requireAdmin();
        Team team = teams.findById(teamId).orElseThrow(() -> new NotFoundException("Team", teamId));
        User user = users.findByUsername(request.username())
                .orElseThrow(() -> new InvalidFieldException("username", "No user named " + request.username()));
        Membership membership = memberships.findByTeamIdAndUserId(teamId, user.getId())
                .orElseGet(() -> memberships.save(new Membership(team, user, request.role())));
        membership.changeRole(request.role());
        events.publishEvent(new MembershipChanged(teamId, user.getUsername()));
        return membership;
    }

    @Audited(action = "team.member.remove", target = "Team")
    @Transactional
    public void removeMember(Long teamId, Long userId) {
        access.requireAdmin();
        Membership membership = memberships.findByTeamIdAndUserId(teamId, userId)
                .orElseThrow(() -> new NotFoundException("Membership of user " + userId + " in team", teamId));
        String username = membership.getUser().getUsername();
        memberships.delete(membership);
        events.publishEvent(new MembershipChanged(teamId, username));
    }
}
