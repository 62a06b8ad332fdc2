package io.vireo.console.security;

import java.util.Optional;

/**
 * Who a signed-in name belongs to, as far as access decisions need it. The user module answers; the access
 * policy asks on every check, so a user disabled a moment ago is refused at once.
 */
public interface Accounts {

    Optional<Account> byUsername(String username);

    record Account(Long id, String username, boolean admin, boolean enabled) {
    }
}
