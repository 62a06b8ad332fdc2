package io.vireo.console.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** A database an earlier version filled keeps working after the migrations that follow it. */
class MigrationTest {
    private static final String URL = "jdbc:h2:mem:vireo-migration;DB_CLOSE_DELAY=-1";

    @Test
    void disksOnBusesTheEngineLacksBecomeVirtioAndDatastoresLoseTheirCapacity() throws SQLException {
        flyway("2").migrate();
        try (Connection db = DriverManager.getConnection(URL, "sa", ""); Statement sql = db.createStatement()) {
            sql.execute("insert into teams (name, created_at) values ('ops', current_timestamp)");
            sql.execute("insert into datastores (name, path, capacity_gib, created_at)"
                    + " values ('local', '/srv/local', 500, current_timestamp)");
            sql.execute("insert into vms (name, team_id, vcpus, memory_mib, power_state, boot_source, datastore_id,"
                    + " host, created_by, created_at, updated_at, version) values ('old', 1, 1, 512, 'STOPPED', 'DISK',"
                    + " 1, 'local', 'admin', current_timestamp, current_timestamp, 0)");
            sql.execute("insert into vm_disks (vm_id, position, size_gib, bus, datastore_id) values (1, 0, 1, 'SCSI', 1)");
            sql.execute("insert into vm_disks (vm_id, position, size_gib, bus, datastore_id) values (1, 1, 1, 'SATA', 1)");

            flyway(null).migrate();

            try (ResultSet buses = sql.executeQuery("select distinct bus from vm_disks")) {
                assertThat(buses.next()).isTrue();
                assertThat(buses.getString(1)).isEqualTo("VIRTIO");
                assertThat(buses.next()).isFalse();
            }
            try (ResultSet columns = db.getMetaData().getColumns(null, null, "DATASTORES", "CAPACITY_GIB")) {
                assertThat(columns.next()).as("capacity_gib column").isFalse();
            }
        }
    }

    @Test
    void everyDiskNamesItsFileAndSnapshotRecordsWithoutDiskStateGo() throws SQLException {
        String url = "jdbc:h2:mem:vireo-migration-chains;DB_CLOSE_DELAY=-1";
        flyway(url, "4").migrate();
        try (Connection db = DriverManager.getConnection(url, "sa", ""); Statement sql = db.createStatement()) {
            sql.execute("insert into teams (name, created_at) values ('ops', current_timestamp)");
            sql.execute("insert into datastores (name, path, created_at) values ('local', '/srv/local', current_timestamp)");
            sql.execute("insert into vms (name, team_id, vcpus, memory_mib, power_state, boot_source, datastore_id,"
                    + " host, created_by, created_at, updated_at, version) values ('old', 1, 1, 512, 'STOPPED', 'DISK',"
                    + " 1, 'local', 'admin', current_timestamp, current_timestamp, 0)");
            sql.execute("insert into vm_disks (vm_id, position, size_gib, bus, datastore_id, format)"
                    + " values (1, 0, 1, 'VIRTIO', 1, 'QCOW2')");
            sql.execute("insert into vm_disks (vm_id, position, size_gib, bus, datastore_id, format)"
                    + " values (1, 1, 1, 'VIRTIO', 1, 'RAW')");
            sql.execute("insert into snapshots (vm_id, name, created_by, created_at) values (1, 'a', 'admin', current_timestamp)");
            sql.execute("insert into snapshots (vm_id, parent_id, name, created_by, created_at)"
                    + " values (1, 1, 'b', 'admin', current_timestamp)");
            sql.execute("update vms set current_snapshot_id = 2");

            flyway(url, null).migrate();

            try (ResultSet files = sql.executeQuery("select file_name from vm_disks order by position")) {
                assertThat(files.next()).isTrue();
                assertThat(files.getString(1)).isEqualTo("disk0.qcow2");
                assertThat(files.next()).isTrue();
                assertThat(files.getString(1)).isEqualTo("disk1.raw");
            }
            try (ResultSet vm = sql.executeQuery("select next_delta, current_snapshot_id from vms")) {
                assertThat(vm.next()).isTrue();
                assertThat(vm.getInt(1)).isEqualTo(1);
                assertThat(vm.getObject(2)).isNull();
            }
            try (ResultSet count = sql.executeQuery("select count(*) from snapshots")) {
                assertThat(count.next()).isTrue();
                assertThat(count.getInt(1)).isZero();
            }
        }
    }

    private static Flyway flyway(String target) {
        return flyway(URL, target);
    }

    private static Flyway flyway(String url, String target) {
        var config = Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }
}
