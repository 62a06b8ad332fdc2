package io.vireo.console.vm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.domain.ConflictException;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.security.Permission;
import io.vireo.console.task.TaskProgress;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskSpec;
import io.vireo.console.task.TaskView;
import io.vireo.console.vm.internal.VmRepository;

/**
 * Moves a stopped VM's folder to another datastore, as a task. The files are copied first and the old
 * folder removed only once the inventory points at the copy, so a failure at any step leaves the VM whole
 * where it was. A cold migration with a copy ({@link VmMigration}) moves the folder the same way, changing the VM's
 * host in the same step.
 */
@Service
public class VmRelocation {
    private static final long CHUNK = 16L << 20;

    private final VmQueries queries;
    private final VmRepository vms;
    private final VmParts parts;
    private final VmFileSet fileSet;
    private final VmConfigFile configFile;
    private final DatastoreService datastores;
    private final VmDiskLocks diskLocks;
    private final TaskService tasks;
    private final TransactionTemplate transactions;
    private final Clock clock;

    VmRelocation(VmQueries queries, VmRepository vms, VmParts parts, VmFileSet fileSet, VmConfigFile configFile,
            DatastoreService datastores, VmDiskLocks diskLocks, TaskService tasks, TransactionTemplate transactions,
            Clock clock) {
        this.queries = queries;
        this.vms = vms;
        this.parts = parts;
        this.fileSet = fileSet;
        this.configFile = configFile;
        this.datastores = datastores;
        this.diskLocks = diskLocks;
        this.tasks = tasks;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Audited(action = "vm.move", target = "VM")
    @Transactional
    public TaskView move(Long vmId, Long datastoreId) {
        Vm vm = queries.authorized(vmId, Permission.CONFIGURE);
        return relocate(vm, datastoreId, "vm.move", store -> "Move VM " + vm.getName() + " to " + store, moved -> {
        });
    }

    /**
     * Starts moving the VM's folder to datastore {@code datastoreId} as a task of {@code kind} named by
     * {@code title} (given the datastore's name); {@code alsoOnSwitch} runs in the transaction that points the VM at
     * the copy, and if it throws, the copy is removed and the VM stays where it was. For a caller that has checked
     * the user may configure the VM, in its own transaction.
     */
    public TaskView relocate(Vm vm, Long datastoreId, String kind, Function<String, String> title,
            Consumer<Vm> alsoOnSwitch) {
        Long vmId = vm.getId();
        if (datastoreId == null) {
            throw new InvalidFieldException("datastoreId", "Choose the datastore to move the VM to");
        }
        Datastore target = parts.datastore(datastoreId);
        if (target.getId().equals(vm.getDatastore().getId())) {
            throw new InvalidFieldException("datastoreId", "VM " + vm.getName() + " is in datastore "
                    + target.getName() + " already");
        }
        String what = "moving VM " + vm.getName() + " to datastore " + target.getName();
        List<Path> files = fileSet.of(vm, what);
        Path destination = target.directory().resolve(vm.directoryName());
        if (Files.exists(destination)) {
            throw new ConflictException("Folder exists", "Datastore " + target.getName() + " already holds a folder "
                    + vm.directoryName() + "; it was left untouched");
        }
        datastores.ensureRoom(target, VmFileSet.size(files), what);
        diskLocks.ensureIdle(vmId, vm.getName());
        vm.busy(what, clock.instant());
        Path source = vm.folder();
        return TaskView.of(tasks.submit(new TaskSpec(kind, title.apply(target.getName()), vm.teamId(), "VM", vmId),
                progress -> copyThenSwitch(vmId, target.getId(), source, destination, files, alsoOnSwitch, progress)));
    }

    private void copyThenSwitch(Long vmId, Long targetId, Path source, Path destination, List<Path> files,
            Consumer<Vm> alsoOnSwitch, TaskProgress progress) throws IOException {
        try {
            copy(files, destination, progress);
            transactions.executeWithoutResult(status -> {
                Vm vm = vms.findById(vmId).orElseThrow();
                vm.movedTo(parts.datastore(targetId), clock.instant());
                alsoOnSwitch.accept(vm);
            });
        } catch (IOException | RuntimeException e) {
            configFile.removeDirectory(destination);
            transactions.executeWithoutResult(status -> vms.findById(vmId).ifPresent(vm -> vm.idle(clock.instant())));
            throw e;
        }
        configFile.removeDirectory(source);
        progress.report(100);
    }

    /** Copies in chunks, reporting progress by bytes, so a move of large disks shows it advance and can be cancelled. */
    private static void copy(List<Path> files, Path destination, TaskProgress progress) throws IOException {
        long total = Math.max(1, VmFileSet.size(files));
        long done = 0;
        Files.createDirectories(destination);
        for (Path file : files) {
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                    FileChannel out = FileChannel.open(destination.resolve(file.getFileName()),
                            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long size = in.size();
                for (long at = 0; at < size; ) {
                    long n = in.transferTo(at, Math.min(CHUNK, size - at), out);
                    if (n <= 0) {
                        throw new IOException(file.getFileName() + " shrank while it was copied");
                    }
                    at += n;
                    progress.report((int) (95 * (done + at) / total));
                }
                done += size;
                out.force(true);
            }
        }
    }
}
