package io.vireo.console.user;

import java.time.Instant;

public record UserView(Long id, String username, String displayName, String email, GlobalRole role,
        boolean enabled, Instant createdAt, String sshPublicKey) {

    public static UserView of(User u) {
        return new UserView(u.getId(), u.getUsername(), u.getDisplayName(), u.getEmail(), u.getRole(),
                u.isEnabled(), u.getCreatedAt(), u.getSshPublicKey());
    }
}
