package io.vireo.console.team.internal;

import io.vireo.console.domain.IdentifiedEntity;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.user.User;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "team_memberships")
public class Membership extends IdentifiedEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Team team;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private User user;
    @Enumerated(EnumType.STRING)
    private TeamRole role;

    protected Membership() {
    }

    public Membership(Team team, User user, TeamRole role) {
        this.team = team;
        this.user = user;
        this.role = role;
    }

    public void changeRole(TeamRole role) {
        this.role = role;
    }

    public Team getTeam() { return team; }
    public User getUser() { return user; }
    public TeamRole getRole() { return role; }
}
