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
import io.vireo.console.quota.QuotaStatus;
import io.vireo.console.quota.Resources;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Caller;
import io.vireo.console.security.Permission;
import io.vireo.console.team.internal.Membership;
import io.vireo.console.team.internal.MembershipRepository;
import io.vireo.console.team.internal.TeamRepository;
import io.vireo.console.user.User;
import io.vireo.console.user.UserService;

/** Teams, who belongs to them, and their quotas. Members see their teams; only administrators change them. */
@Service
public class TeamService {

    private final TeamRepository teams;
    private final MembershipRepository memberships;
    private final UserService users;
    private final QuotaService quotas;
    private final AccessPolicy access;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TeamService(TeamRepository teams, MembershipRepository memberships, UserService users, QuotaService quotas,
            AccessPolicy access, ApplicationEventPublisher events, Clock clock) {
        this.teams = teams;
        this.memberships = memberships;
        this.users = users;
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
    public List<TeamView> teamsWhereCallerCan(Permission permission) {
        Caller caller = access.caller();
        return teams.findByIdInOrderByName(access.visibleTeamIds()).stream()
                .filter(team -> caller.can(team.getId(), permission)).map(TeamView::of).toList();
    }

    @Transactional(readOnly = true)
    public Team get(Long id) {
        return authorized(id, Permission.VIEW);
    }

    /** The team, once the caller's right on it is checked: for creating what the team will own. */
    @Transactional(readOnly = true)
    public Team authorized(Long teamId, Permission permission) {
        access.require(teamId, permission, "Team", teamId);
        return existing(teamId);
    }

    @Transactional(readOnly = true)
    public List<MemberView> members(Long teamId) {
        get(teamId);
        return memberships.findByTeamIdOrderByUserUsername(teamId).stream().map(TeamService::member).toList();
    }

    /** The caller's own teams and roles, for "My account". */
    @Transactional(readOnly = true)
    public List<MembershipView> mine() {
        return memberships.findByUserId(access.caller().userId()).stream()
                .map(m -> new MembershipView(m.getTeam().getId(), m.getTeam().getName(), m.getRole())).toList();
    }

    /** The team's quota and usage, and what {@code requested} would add (the create form's bars). */
    @Transactional(readOnly = true)
    public QuotaStatus quota(Long teamId, Resources requested) {
        Team team = get(teamId);
        return quotas.status(team.getId(), team.getName(), requested);
    }

    @Audited(action = "team.create", target = "Team")
    @Transactional
    public Team create(TeamRequest request) {
        access.requireAdmin();
        if (teams.existsByName(request.name())) {
            throw new InvalidFieldException("name", "A team named " + request.name() + " already exists");
        }
        Team team = teams.save(new Team(request.name(), request.description(), clock.instant()));
        quotas.grantDefault(team.getId());
        return team;
    }

    /** The console's first start: the first administrator's own team. Nobody is signed in to check. */
    @Transactional
    public Team createFirst(String name, String description, User owner) {
        Team team = teams.save(new Team(name, description, clock.instant()));
        quotas.grantDefault(team.getId());
        memberships.save(new Membership(team, owner, TeamRole.OWNER));
        return team;
    }

    @Audited(action = "team.delete", target = "Team")
    @Transactional
    public void delete(Long id) {
        access.requireAdmin();
        Team team = existing(id);
        if (quotas.usedBy(id).vms() > 0) {
            throw new ConflictException("Team owns VMs", "Delete or move the VMs of team " + team.getName() + " first");
        }
        teams.delete(team);
    }

    /** Adds the user to the team, or changes their role if they are a member already. */
    @Audited(action = "team.member.set", target = "Team")
    @Transactional
    public MemberView setMember(Long teamId, MemberRequest request) {
        access.requireAdmin();
        Team team = existing(teamId);
        User user = users.byUsername(request.username())
                .orElseThrow(() -> new InvalidFieldException("username", "No user named " + request.username()));
        Membership membership = memberships.findByTeamIdAndUserId(teamId, user.getId())
                .orElseGet(() -> memberships.save(new Membership(team, user, request.role())));
        membership.changeRole(request.role());
        events.publishEvent(new MembershipChanged(teamId, user.getUsername()));
        return member(membership);
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

    @Audited(action = "quota.change", target = "Team")
    @Transactional
    public void changeQuota(Long teamId, Resources limits) {
        access.requireAdmin();
        Team team = existing(teamId);
        quotas.change(team.getId(), limits);
    }

    /** The team with this id, or the not-found problem (404); callers check the caller's right first. */
    private Team existing(Long id) {
        return teams.findById(id).orElseThrow(() -> new NotFoundException("Team", id));
    }

    private static MemberView member(Membership m) {
        return new MemberView(m.getUser().getId(), m.getUser().getUsername(), m.getUser().getDisplayName(),
                m.getRole());
    }
}
