package io.vireo.console.security;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.domain.NotFoundException;

/**
 * The one place that decides whether the caller may touch an object. Every service asks it with the
 * object's owning team; URL rules in the security configuration are only a first fence.
 *
 * <p>An object of a team the caller does not belong to answers "not found" rather than "forbidden", so
 * guessed ids tell nothing; a member whose role is too weak is told "forbidden".
 */
@Component
public class AccessPolicy {

    static final long NO_TEAM = -1L;

    private final Accounts accounts;
    private final TeamPermissions teams;

    AccessPolicy(Accounts accounts, TeamPermissions teams) {
        this.accounts = accounts;
        this.teams = teams;
    }

    /** Loads the caller afresh, so a user disabled a moment ago is refused now, whatever they hold. */
    @Transactional(readOnly = true)
    public Caller caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            throw new AuthenticationCredentialsNotFoundException("Not signed in");
        }
        Accounts.Account account = accounts.byUsername(authentication.getName())
                .orElseThrow(() -> new AuthenticationCredentialsNotFoundException("Unknown user"));
        if (!account.enabled()) {
            throw new DisabledException("User " + account.username() + " is disabled");
        }
        return rightsOf(account);
    }

    /**
     * The rights the named user holds now, for channels that outlive the request that opened them (console
     * WebSockets, event streams): empty once the user is disabled or gone.
     */
    @Transactional(readOnly = true)
    public Optional<Caller> current(String username) {
        return accounts.byUsername(username).filter(Accounts.Account::enabled).map(this::rightsOf);
    }

    private Caller rightsOf(Accounts.Account account) {
        return new Caller(account.id(), account.username(), account.admin(), teams.of(account.id()));
    }

    /**
     * Checks the caller's right on an object owned by {@code teamId}.
     *
     * @param kind and {@code id} name the object in the "not found" answer
     */
    public Caller require(Long teamId, Permission permission, String kind, Object id) {
        Caller caller = caller();
        if (caller.admin()) {
            return caller;
        }
        if (!caller.isMemberOf(teamId)) {
            throw new NotFoundException(kind, id);
        }
        if (!caller.can(teamId, permission)) {
            throw new AccessDeniedException("Your role in this team does not allow " + permission.name().toLowerCase()
                    + " on " + kind + " " + id);
        }
        return caller;
    }

    /** Objects without a team (shared templates, images, networks, datastores) are readable by all, changed by admins. */
    public Caller requireAdmin() {
        Caller caller = caller();
        if (!caller.admin()) {
            throw new AccessDeniedException("Only administrators may do this");
        }
        return caller;
    }

    /**
     * The teams whose objects the caller may list. Never empty: it always holds the id {@value #NO_TEAM},
     * which no team has, because an empty JPQL {@code in ()} list is not portable.
     */
    @Transactional(readOnly = true)
    public Set<Long> visibleTeamIds() {
        Caller caller = caller();
        Set<Long> ids = new HashSet<>(caller.admin() ? teams.allTeamIds() : caller.memberTeamIds());
        ids.add(NO_TEAM);
        return ids;
    }
}
