package io.vireo.console.template.internal;

import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import io.vireo.console.template.Template;

public interface TemplateRepository extends JpaRepository<Template, Long> {

    List<Template> findByName(String name);

    @EntityGraph(attributePaths = {"team", "image"})
    @Query(value = """
            select t from Template t left join t.team team
            where (team is null or team.id in :teamIds)
              and lower(t.name) like lower(concat('%', :q, '%'))""",
           countQuery = """
            select count(t) from Template t left join t.team team
            where (team is null or team.id in :teamIds)
              and lower(t.name) like lower(concat('%', :q, '%'))""")
    Page<Template> search(Collection<Long> teamIds, String q, Pageable pageable);
}
