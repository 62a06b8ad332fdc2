package io.vireo.console.team.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MembershipRepository extends JpaRepository<Membership, Long> {

    Optional<Membership> findByTeamIdAndUserId(Long teamId, Long userId);

    @EntityGraph(attributePaths = "team")
    List<Membership> findByUserId(Long userId);

    @EntityGraph(attributePaths = "user")
    List<Membership> findByTeamIdOrderByUserUsername(Long teamId);
}
