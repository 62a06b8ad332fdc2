package io.vireo.console.snapshot.internal;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

import io.vireo.console.snapshot.Snapshot;

public interface SnapshotRepository extends JpaRepository<Snapshot, Long> {

    List<Snapshot> findByVmIdOrderByCreatedAt(Long vmId);

    List<Snapshot> findByVmIdOrderById(Long vmId);

    List<Snapshot> findByParentId(Long parentId);
}
