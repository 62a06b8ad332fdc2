package io.vireo.console.user;

/** Published when an administrator disables a user, so open streams of theirs close at once. */
public record UserDisabled(String username) {
}
