package io.vireo.console.snapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A snapshot with its children, so a VM's snapshots render as the tree they are. */
public record SnapshotView(Long id, Long vmId, Long parentId, String name, String description, String createdBy,
        Instant createdAt, boolean current, List<SnapshotView> children) {

    static List<SnapshotView> tree(List<Snapshot> snapshots, Long currentId) {
        Map<Long, List<Snapshot>> byParent = snapshots.stream()
                .collect(Collectors.groupingBy(s -> s.parentId() == null ? 0L : s.parentId()));
        return childrenOf(0L, byParent, currentId);
    }

    static SnapshotView flat(Snapshot s, Long currentId) {
        return new SnapshotView(s.getId(), s.getVm().getId(), s.parentId(), s.getName(), s.getDescription(),
                s.getCreatedBy(), s.getCreatedAt(), s.getId().equals(currentId), List.of());
    }

    private static List<SnapshotView> childrenOf(Long parentId, Map<Long, List<Snapshot>> byParent, Long currentId) {
        List<SnapshotView> views = new ArrayList<>();
        for (Snapshot s : byParent.getOrDefault(parentId, List.of())) {
            views.add(new SnapshotView(s.getId(), s.getVm().getId(), s.parentId(), s.getName(), s.getDescription(),
                    s.getCreatedBy(), s.getCreatedAt(), s.getId().equals(currentId),
                    childrenOf(s.getId(), byParent, currentId)));
        }
        return views;
    }
}
