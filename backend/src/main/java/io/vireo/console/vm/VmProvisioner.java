package io.vireo.console.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.vireo.console.engine.DiskImages;
import io.vireo.console.task.TaskCancelledException;
import io.vireo.console.task.TaskProgress;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskSpec;
import io.vireo.console.vm.internal.VmRepository;

/** The work of the "create VM" task: lays out the VM's directory, disks and configuration file. */
@Component
class VmProvisioner {

    private final VmRepository vms;
    private final VmConfigFile files;
    private final DiskImages disks;
    private final TaskService tasks;
    private final TransactionTemplate transactions;
    private final Clock clock;

    VmProvisioner(VmRepository vms, VmConfigFile files, DiskImages disks, TaskService tasks,
            TransactionTemplate transactions, Clock clock) {
        this.vms = vms;
        this.files = files;
        this.disks = disks;
        this.tasks = tasks;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Queues the task for a VM just recorded; it starts once the recording committed. */
    void start(Vm vm) {
        Long id = vm.getId();
        tasks.submit(new TaskSpec("vm.create", "Create VM " + vm.getName(), vm.teamId(), "VM", id),
                progress -> provision(id, progress));
    }

    private void provision(Long vmId, TaskProgress progress) throws IOException {
        Layout layout = transactions.execute(status -> {
            Vm vm = vms.findById(vmId).orElseThrow();
            Path directory = files.directory(vm);
            List<DiskFile> disks = vm.getDisks().stream()
                    .map(d -> new DiskFile(directory.resolve(d.fileName()), d.getSizeGib())).toList();
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
            int done = 0;
            for (DiskFile disk : layout.disks()) {
                disks.createQcow2(disk.file(), disk.sizeGib() << 30);
                done++;
                progress.report(10 + 85 * done / layout.disks().size());
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

    private void markFailed(Long vmId) {
        transactions.executeWithoutResult(status -> vms.findById(vmId)
                .ifPresent(vm -> vm.provisioningFailed(clock.instant())));
    }

    private record Layout(Path directory, String config, List<DiskFile> disks) {
    }

    private record DiskFile(Path file, long sizeGib) {
    }
}
