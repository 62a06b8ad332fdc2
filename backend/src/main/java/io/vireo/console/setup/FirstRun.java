package io.vireo.console.setup;

import java.security.SecureRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.VireoProperties;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.network.NetworkService;
import io.vireo.console.team.TeamService;
import io.vireo.console.user.UserService;

/**
 * On the very first start (no users yet) creates the administrator {@code admin} with a generated
 * password printed once, a team for them, the local datastore and the NAT network {@code default}, so a new
 * user can sign in, build an appliance and create a VM with a network card straight away.
 */
@Component
class FirstRun implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstRun.class);
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final UserService users;
    private final TeamService teams;
    private final DatastoreService datastores;
    private final NetworkService networks;
    private final VireoProperties properties;

    FirstRun(UserService users, TeamService teams, DatastoreService datastores, NetworkService networks,
            VireoProperties properties) {
        this.users = users;
        this.teams = teams;
        this.datastores = datastores;
        this.networks = networks;
        this.properties = properties;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        datastores.createInitial("local", properties.dataDir().resolve("datastores/local"));
        networks.createInitial();
        String password = generatePassword();
        users.createFirstAdministrator(password).ifPresent(admin -> {
            teams.createFirst("Administrators", "The first administrator's team", admin);
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
        });
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
