package io.vireo.console.snapshot;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface SnapshotRepository extends JpaRepository<Snapshot, Long> {

    List<Snapshot> findByVmIdOrderByCreatedAt(Long vmId);

    List<Snapshot> findByParentId(Long parentId);
}
