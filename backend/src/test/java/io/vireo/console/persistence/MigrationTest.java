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

    private static Flyway flyway(String target) {
        var config = Flyway.configure().dataSource(URL, "sa", "").locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }
}
