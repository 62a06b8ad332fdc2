package io.vireo.console.team;

public record MemberView(Long userId, String username, String displayName, TeamRole role) {

    public static MemberView of(Membership m) {
        return new MemberView(m.getUser().getId(), m.getUser().getUsername(), m.getUser().getDisplayName(),
                m.getRole());
    }
}
