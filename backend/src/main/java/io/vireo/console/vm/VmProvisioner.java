package io.vireo.console.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleConsumer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.vireo.console.engine.DiskImages;
import io.vireo.console.task.Task;
import io.vireo.console.task.TaskCancelledException;
import io.vireo.console.task.TaskProgress;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskSpec;
import io.vireo.console.vm.internal.VmRepository;

/**
 * The work of the "create VM" task: lays out the VM's directory, disks and configuration file. A disk is new and
 * blank, or made from a seed: a copy of a frozen chain flattened into one file (full), or a delta over a frozen
 * file (linked).
 */
@Component
class VmProvisioner {

    private final VmRepository vms;
    private final VmConfigFile files;
    private final DiskImages disks;
    private final TaskService tasks;
    private final VmDiskLocks diskLocks;
    private final TransactionTemplate transactions;
    private final Clock clock;

    VmProvisioner(VmRepository vms, VmConfigFile files, DiskImages disks, TaskService tasks, VmDiskLocks diskLocks,
            TransactionTemplate transactions, Clock clock) {
        this.vms = vms;
        this.files = files;
        this.disks = disks;
        this.tasks = tasks;
        this.diskLocks = diskLocks;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Queues the task for a VM just recorded (it starts once the recording committed): the disks at the seeds'
     * positions are made from them, after {@code prelude} (which freezes what linked disks will stand on) ran. With
     * a {@code source} VM the seeds are read from, the task holds that VM's disk lock throughout, so the source
     * neither powers on nor changes its chains while it is copied.
     */
    Task start(Vm vm, Map<Integer, DiskSeed> seeds, Prelude prelude, Optional<Vm> source, String kind,
            String description) {
        return start(vm, seeds, prelude, source, kind, description, Aftermath.NONE);
    }

    /** As above, with {@code aftermath} run once the work ended, whichever way. */
    Task start(Vm vm, Map<Integer, DiskSeed> seeds, Prelude prelude, Optional<Vm> source, String kind,
            String description, Aftermath aftermath) {
        return start(List.of(vm), List.of(seeds), prelude, source, kind, description, aftermath);
    }

    /**
     * One task for several VMs just recorded (a package's collection), laid out one after the other, each its share
     * of the progress; the first is the task's target. {@code aftermath} runs for each once the work ended, with
     * whether all of them were made.
     */
    Task start(List<Vm> made, List<Map<Integer, DiskSeed>> seeds, Prelude prelude, Optional<Vm> source, String kind,
            String description, Aftermath aftermath) {
        List<Long> ids = made.stream().map(Vm::getId).toList();
        Optional<Long> sourceId = source.map(Vm::getId);
        String sourceName = source.map(Vm::getName).orElse("");
        return tasks.submit(new TaskSpec(kind, description, made.getFirst().teamId(), "VM", ids.getFirst()),
                progress -> {
                    boolean succeeded = false;
                    try {
                        if (sourceId.isEmpty()) {
                            seedAll(ids, seeds, prelude, progress);
                        } else {
                            diskLocks.exclusively(sourceId.get(), sourceName, () -> {
                                seedAll(ids, seeds, prelude, progress);
                                return null;
                            });
                        }
                        succeeded = true;
                    } finally {
                        afterEach(ids, succeeded, aftermath);
                    }
                });
    }

    /** The aftermath of every VM, even when one of them throws (the first such failure is the task's). */
    private static void afterEach(List<Long> ids, boolean succeeded, Aftermath aftermath) throws IOException {
        Exception first = null;
        for (Long id : ids) {
            try {
                aftermath.after(id, succeeded);
            } catch (IOException | RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first != null) {
            throw (RuntimeException) first;
        }
    }

    private void seedAll(List<Long> ids, List<Map<Integer, DiskSeed>> seeds, Prelude prelude, TaskProgress progress)
            throws IOException {
        int count = ids.size();
        for (int i = 0; i < count; i++) {
            seedFiles(ids.get(i), seeds.get(i), i == 0 ? prelude : Prelude.NONE, progress.share(i, count));
        }
    }

    /** What the task does after laying out the VM's files, or failing to. */
    @FunctionalInterface
    interface Aftermath {
        Aftermath NONE = (vmId, succeeded) -> { };

        void after(Long vmId, boolean succeeded) throws IOException;
    }

    private void seedFiles(Long id, Map<Integer, DiskSeed> seeds, Prelude prelude, TaskProgress progress)
            throws IOException {
        try {
            prelude.run(progress);
        } catch (IOException | RuntimeException e) {
            markFailed(id);
            throw e;
        }
        provision(id, seeds, progress);
    }

    /** Work the task does before it lays out the VM's files. */
    @FunctionalInterface
    interface Prelude {
        Prelude NONE = progress -> { };

        void run(TaskProgress progress) throws IOException;
    }

    private void provision(Long vmId, Map<Integer, DiskSeed> seeds, TaskProgress progress) throws IOException {
        Layout layout = transactions.execute(status -> {
            Vm vm = vms.findById(vmId).orElseThrow();
            Path directory = files.directory(vm);
            List<DiskFile> disks = vm.getDisks().stream()
                    .map(d -> new DiskFile(directory.resolve(d.fileName()), d.getSizeGib(),
                            Optional.ofNullable(seeds.get(d.getPosition())))).toList();
            return new Layout(directory, files.render(vm), disks);
        });
        if (Files.exists(layout.directory())) {
            markFailed(vmId);
            throw new IOException("The datastore already holds a folder " + layout.directory()
                    + ", perhaps another VM's files; it was left untouched. Register it as a VM or move it away,"
                    + " then create this VM again");
        }
        try {
            progress.report(5);
            files.write(layout.directory(), layout.config());
            int count = layout.disks().size();
            Throttled percent = new Throttled(progress);
            for (int i = 0; i < count; i++) {
                int before = i;
                make(layout.disks().get(i), fraction -> percent.report(10 + (int) (85 * (before + fraction) / count)));
                percent.report(10 + 85 * (i + 1) / count);
            }
            transactions.executeWithoutResult(status -> vms.findById(vmId).orElseThrow().provisioned(clock.instant()));
        } catch (IOException | RuntimeException e) {
            markFailed(vmId);
            if (e instanceof TaskCancelledException) {
                files.removeDirectory(layout.directory());
            }
            throw e;
        }
    }

    /** A full copy reports how far it got ({@code done}, 0 to 1): a large disk takes a while. */
    private void make(DiskFile disk, DoubleConsumer done) throws IOException {
        if (disk.seed().isEmpty()) {
            disks.createQcow2(disk.file(), disk.sizeGib() << 30);
        } else if (disk.seed().get().linked()) {
            disks.createOverlay(disk.seed().get().source(), disk.file());
        } else if (disk.seed().get().packaged()) {
            disks.flattenPackaged(disk.seed().get().source(), disk.file(), done);
        } else {
            disks.flatten(disk.seed().get().source(), disk.file(), done);
        }
    }

    /** Passes a percentage on only when it grew: a copy reports after every run of clusters it copied. */
    private static final class Throttled {
        private final TaskProgress progress;
        private int last = -1;

        Throttled(TaskProgress progress) {
            this.progress = progress;
        }

        void report(int percent) {
            if (percent > last) {
                last = percent;
                progress.report(percent);
            }
        }
    }

    private void markFailed(Long vmId) {
        transactions.executeWithoutResult(status -> vms.findById(vmId)
                .ifPresent(vm -> vm.provisioningFailed(clock.instant())));
    }

    private record Layout(Path directory, String config, List<DiskFile> disks) {
    }

    private record DiskFile(Path file, long sizeGib, Optional<DiskSeed> seed) {
    }
}
