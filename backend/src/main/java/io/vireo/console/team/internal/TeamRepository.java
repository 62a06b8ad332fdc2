package io.vireo.console.team.internal;

import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import io.vireo.console.team.Team;

public interface TeamRepository extends JpaRepository<Team, Long> {

    boolean existsByName(String name);

    @Query("""
            select t from Team t
            where t.id in :ids and lower(t.name) like lower(concat('%', :q, '%'))""")
    Page<Team> search(Collection<Long> ids, String q, Pageable pageable);

    @Query("select t.id from Team t")
    List<Long> findAllIds();

    List<Team> findByIdInOrderByName(Collection<Long> ids);
}
