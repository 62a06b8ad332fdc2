package io.vireo.console.vm;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;

import io.vireo.console.Fixtures;
import io.vireo.console.QemuImg;

/**
 * A snapshot of a stopped VM's single disk as the snapshot module records one: {@code disk0.qcow2} frozen, a delta
 * {@code disk0-1.qcow2} over it that the VM now writes. Clone tests stand on it without going through that module.
 */
final class FrozenState {

    private FrozenState() {
    }

    static Long snapshot(Fixtures fixtures, JdbcTemplate jdbc, Vm vm) {
        Path folder = fixtures.folderOf(vm);
        QemuImg.output("qemu-img", "create", "-f", "qcow2", "-b", "disk0.qcow2", "-F", "qcow2",
                folder.resolve("disk0-1.qcow2").toString());
        String name = Fixtures.unique("snap");
        jdbc.update("insert into snapshots (vm_id, name, created_by, created_at) values (?, ?, 'admin', ?)",
                vm.getId(), name, Timestamp.from(Instant.now()));
        Long id = jdbc.queryForObject("select id from snapshots where name = ?", Long.class, name);
        jdbc.update("insert into snapshot_disks (snapshot_id, position, file_name) values (?, 0, 'disk0.qcow2')", id);
        jdbc.update("update vm_disks set file_name = 'disk0-1.qcow2' where vm_id = ?", vm.getId());
        jdbc.update("update vms set current_snapshot_id = ?, next_delta = 2 where id = ?", id, vm.getId());
        return id;
    }
}
