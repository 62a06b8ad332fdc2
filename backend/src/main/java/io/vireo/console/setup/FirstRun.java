package io.vireo.console.setup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
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
 * On the very first start (no users yet) creates the administrator {@code admin} with a generated password
 * printed once, or the one in the file {@code VIREO_ADMIN_PASSWORD_FILE} names ({@link AdminPassword}), a team
 * for them, the local datastore and the NAT network {@code default}, so a new user can sign in, build an
 * appliance and create a VM with a network card straight away.
 */
@Component
class FirstRun implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstRun.class);

    private final UserService users;
    private final TeamService teams;
    private final DatastoreService datastores;
    private final NetworkService networks;
    private final VireoProperties properties;
    private final String passwordFile;

    FirstRun(UserService users, TeamService teams, DatastoreService datastores, NetworkService networks,
            VireoProperties properties, @Value("${" + AdminPassword.FILE_VARIABLE + ":}") String passwordFile) {
        this.users = users;
        this.teams = teams;
        this.datastores = datastores;
        this.networks = networks;
        this.properties = properties;
        this.passwordFile = passwordFile;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        datastores.createInitial("local", properties.dataDir().resolve("datastores/local"));
        networks.createInitial();
        AdminPassword password = AdminPassword.choose(passwordFile);
        users.createFirstAdministrator(password.value()).ifPresent(admin -> {
            teams.createFirst("Administrators", "The first administrator's team", admin);
            password.file().ifPresentOrElse(
                    file -> log.warn("Vireo first start: administrator 'admin' created with the password in {}", file),
                    () -> log.warn("""

                            ┌──────────────────────────────────────────────────────────┐
                            │  Vireo first start: administrator account created        │
                            │                                                          │
                            │    user:      admin                                      │
                            │    password:  {}                       │
                            │                                                          │
                            │  Shown only this once. Sign in and change it under       │
                            │  "My account".                                           │
                            └──────────────────────────────────────────────────────────┘""", password.value()));
        });
    }
}
