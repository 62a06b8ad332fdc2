package io.vireo.console.user;

import java.time.Clock;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.domain.NotFoundException;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Caller;
import io.vireo.console.user.internal.UserRepository;

@Service
public class UserService {

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final AccessPolicy access;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    UserService(UserRepository users, PasswordEncoder passwords, AccessPolicy access, ApplicationEventPublisher events,
            Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.access = access;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<User> list(String q, Pageable pageable) {
        access.requireAdmin();
        return users.search(q == null ? "" : q.trim(), pageable);
    }

    @Transactional(readOnly = true)
    public User get(Long id) {
        access.requireAdmin();
        return users.findById(id).orElseThrow(() -> new NotFoundException("User", id));
    }

    /** For administrators' work on other objects, such as adding a member to a team. */
    @Transactional(readOnly = true)
    public Optional<User> byUsername(String username) {
        access.requireAdmin();
        return users.findByUsername(username);
    }

    @Transactional(readOnly = true)
    public User me() {
        Caller caller = access.caller();
        return users.findById(caller.userId()).orElseThrow();
    }

    @Audited(action = "user.create", target = "User")
    @Transactional
    public User create(UserRequest request) {
        access.requireAdmin();
        if (users.existsByUsername(request.username())) {
            throw new InvalidFieldException("username", "The name " + request.username() + " is taken");
        }
        return users.save(new User(request.username(), request.displayName(), request.email(),
                passwords.encode(request.password()), request.role(), clock.instant()));
    }

    /**
     * The console's first start: with no users yet, creates the administrator {@code admin} with the given
     * password. Nobody is signed in to check, which is why it refuses once any user exists.
     */
    @Transactional
    public Optional<User> createFirstAdministrator(String password) {
        if (users.count() > 0) {
            return Optional.empty();
        }
        return Optional.of(users.save(new User("admin", "Administrator", null, passwords.encode(password),
                GlobalRole.ADMIN, clock.instant())));
    }

    /** Disabling takes effect on the user's very next request, whether by session or API token. */
    @Audited(action = "user.update", target = "User")
    @Transactional
    public User update(Long id, UserUpdate update) {
        Caller caller = access.requireAdmin();
        User user = users.findById(id).orElseThrow(() -> new NotFoundException("User", id));
        if (user.getId().equals(caller.userId()) && (!update.enabled() || update.role() != GlobalRole.ADMIN)) {
            throw new ConflictException("Cannot lock yourself out",
                    "Administrators cannot disable themselves or drop their own admin role");
        }
        boolean disabling = user.isEnabled() && !update.enabled();
        boolean roleChanging = user.getRole() != update.role();
        user.update(update.displayName(), update.email(), update.role(), update.enabled());
        if (disabling) {
            events.publishEvent(new UserDisabled(user.getUsername()));
        }
        if (roleChanging) {
            events.publishEvent(new UserRoleChanged(user.getUsername()));
        }
        return user;
    }

    @Audited(action = "user.password.change", target = "User")
    @Transactional
    public User changeOwnPassword(PasswordChange change) {
        User user = users.findById(access.caller().userId()).orElseThrow();
        if (!passwords.matches(change.currentPassword(), user.getPasswordHash())) {
            throw new InvalidFieldException("currentPassword", "The current password is wrong");
        }
        user.changePassword(passwords.encode(change.newPassword()));
        return user;
    }

    /** Users set (or, blank, remove) the SSH public key on their account page. */
    @Audited(action = "user.ssh-key.change", target = "User")
    @Transactional
    public User updateOwnAccount(AccountUpdate update) {
        User user = users.findById(access.caller().userId()).orElseThrow();
        user.changeSshPublicKey(SshPublicKey.checked("sshPublicKey", update.sshPublicKey()));
        return user;
    }

    /**
     * The SSH public key of the user of this name, for the VMs they create; no key, or no such user any more,
     * is none. A lookup for launching a VM, not an answer to a request: it checks no rights.
     */
    @Transactional(readOnly = true)
    public Optional<String> sshPublicKeyOf(String username) {
        return users.findByUsername(username).map(User::getSshPublicKey);
    }
}
