package io.vireo.console.user;

/** Published when an administrator changes a user's global role, so what the user holds open follows at once. */
public record UserRoleChanged(String username) {
}
