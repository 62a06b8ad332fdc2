package io.vireo.console.setup;

import java.security.SecureRandom;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.VireoProperties;
import io.vireo.console.datastore.DatastoreRepository;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.quota.QuotaService;
import io.vireo.console.team.Membership;
import io.vireo.console.team.MembershipRepository;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRepository;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.GlobalRole;
import io.vireo.console.user.User;
import io.vireo.console.user.UserRepository;

/**
 * On the very first start (no users yet) creates the administrator {@code admin} with a generated
 * password printed once, a team for them and the local datastore, so a new user can sign in, build an
 * appliance and create a VM straight away. (No network: the engine has none to connect a VM to yet.)
 */
@Component
class FirstRun implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstRun.class);
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final UserRepository users;
    private final TeamRepository teams;
    private final MembershipRepository memberships;
    private final DatastoreRepository datastoreRepository;
    private final DatastoreService datastores;
    private final QuotaService quotas;
    private final PasswordEncoder passwords;
    private final VireoProperties properties;
    private final Clock clock;

    FirstRun(UserRepository users, TeamRepository teams, MembershipRepository memberships,
            DatastoreRepository datastoreRepository, DatastoreService datastores, QuotaService quotas,
            PasswordEncoder passwords, VireoProperties properties, Clock clock) {
        this.users = users;
        this.teams = teams;
        this.memberships = memberships;
        this.datastoreRepository = datastoreRepository;
        this.datastores = datastores;
        this.quotas = quotas;
        this.passwords = passwords;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (datastoreRepository.count() == 0) {
            datastores.createInitial("local", properties.dataDir().resolve("datastores/local"));
        }
        if (users.count() > 0) {
            return;
        }
        String password = generatePassword();
        User admin = users.save(new User("admin", "Administrator", null, passwords.encode(password),
                GlobalRole.ADMIN, clock.instant()));
        Team team = teams.save(new Team("Administrators", "The first administrator's team", clock.instant()));
        quotas.grantDefault(team);
        memberships.save(new Membership(team, admin, TeamRole.OWNER));
        log.warn("""

                ┌──────────────────────────────────────────────────────────┐
                │  Vireo first start: administrator account created        │
                │                                                          │
                │    user:      admin                                      │
                │    password:  {}                       │
                │                                                          │
                │  Shown only this once. Sign in and change it under       │
                │  "My account".                                           │
                └──────────────────────────────────────────────────────────┘""", password);
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
