package io.vireo.console.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A snapshot with its children, so a VM's snapshots render as the tree they are. {@code sizeBytes}: the room its
 * frozen delta files take on disk. {@code withMemory}: it holds the running VM's memory too, and reverting to it
 * brings the VM back running.
 */
public record SnapshotView(Long id, Long vmId, Long parentId, String name, String description, String createdBy,
        Instant createdAt, boolean current, long sizeBytes, boolean withMemory, List<SnapshotView> children) {

    static List<SnapshotView> tree(List<Snapshot> snapshots, Long currentId, Path folder) {
        Map<Long, List<Snapshot>> byParent = snapshots.stream()
                .collect(Collectors.groupingBy(s -> s.parentId() == null ? 0L : s.parentId()));
        return childrenOf(0L, byParent, currentId, folder);
    }

    static SnapshotView flat(Snapshot s, Long currentId, Path folder) {
        return of(s, currentId, folder, List.of());
    }

    private static List<SnapshotView> childrenOf(Long parentId, Map<Long, List<Snapshot>> byParent, Long currentId,
            Path folder) {
        List<SnapshotView> views = new ArrayList<>();
        for (Snapshot s : byParent.getOrDefault(parentId, List.of())) {
            views.add(of(s, currentId, folder, childrenOf(s.getId(), byParent, currentId, folder)));
        }
        return views;
    }

    private static SnapshotView of(Snapshot s, Long currentId, Path folder, List<SnapshotView> children) {
        long size = s.getFiles().values().stream().mapToLong(file -> sizeOf(folder.resolve(file))).sum();
        return new SnapshotView(s.getId(), s.getVm().getId(), s.parentId(), s.getName(), s.getDescription(),
                s.getCreatedBy(), s.getCreatedAt(), s.getId().equals(currentId), size, s.stateFolder().isPresent(),
                children);
    }

    static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }
}
