package io.vireo.console.template.internal;

import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import io.vireo.console.template.Template;

public interface TemplateRepository extends JpaRepository<Template, Long> {

    List<Template> findByName(String name);

    /**
     * Removes the row (its disks' rows go with it, and the VMs deployed from it forget it) without touching the
     * entities loaded in this transaction, which may still point at it.
     */
    @Modifying
    @Query("delete from Template t where t.id = :id")
    void deleteRow(Long id);

    @Query("select t from Template t join fetch t.datastore")
    List<Template> findWithFiles();

    @Query("select t from Template t join fetch t.datastore where t.team.id = :teamId")
    List<Template> findWithFilesOfTeam(Long teamId);

    /** The templates with a disk standing on the file {@code path} of the datastore, or on one in that folder. */
    @Query("""
            select distinct t.name from TemplateDisk d join d.template t
            where t.datastore.id = :datastoreId and (d.basePath = :path or d.basePath like concat(:path, '/%'))""")
    List<String> namesStandingOn(Long datastoreId, String path);

    @EntityGraph(attributePaths = {"team", "image", "datastore"})
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
