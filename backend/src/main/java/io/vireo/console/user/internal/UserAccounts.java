package io.vireo.console.user.internal;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.vireo.console.security.Accounts;

/** Tells the access policy who a signed-in name is, from the users table. */
@Component
class UserAccounts implements Accounts {

    private final UserRepository users;

    UserAccounts(UserRepository users) {
        this.users = users;
    }

    @Override
    public Optional<Account> byUsername(String username) {
        return users.findByUsername(username)
                .map(user -> new Account(user.getId(), user.getUsername(), user.isAdmin(), user.isEnabled()));
    }
}
