package io.vireo.console.vm.internal;

import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import io.vireo.console.vm.PowerState;
import io.vireo.console.vm.Vm;

public interface VmRepository extends JpaRepository<Vm, Long> {

    @EntityGraph(attributePaths = "team")
    @Query("""
            select v from Vm v
            where v.team.id in :teamIds
              and v.powerState in :states
              and lower(v.name) like lower(concat('%', :q, '%'))""")
    Page<Vm> search(Collection<Long> teamIds, Collection<PowerState> states, String q, Pageable pageable);

    List<Vm> findByTeamId(Long teamId);


    List<Vm> findByPowerStateIn(Collection<PowerState> states);

    boolean existsByTeamIdAndName(Long teamId, String name);

    boolean existsByUuid(String uuid);

    boolean existsByCdromImageId(Long imageId);

    /** The VMs with a disk standing on the file {@code path} of the datastore, or on one in that folder. */
    @Query("""
            select distinct v.name from VmDisk d join d.vm v
            where d.datastore.id = :datastoreId and (d.basePath = :path or d.basePath like concat(:path, '/%'))""")
    List<String> namesStandingOn(Long datastoreId, String path);

    /** Where every VM's folder is, read as plain values: no VM is loaded into the caller's persistence context. */
    @Query("select v.id as id, d.path as datastorePath from Vm v join v.datastore d")
    List<FolderRow> findFolders();

    interface FolderRow {
        Long getId();

        String getDatastorePath();
    }
}
