package io.vireo.console.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vireo.console.VireoProperties;
import io.vireo.console.domain.ConflictException;

/** A power-on past the host's memory limit is refused with the figures, and promises nothing. */
class VmRuntimeAdmissionTest {

    @TempDir
    Path folder;

    @Test
    void aPowerOnBeyondTheMemoryOvercommitLimitIsAConflictWithTheFigures() {
        VireoProperties properties = new VireoProperties(folder, "Datacenter",
                new VireoProperties.DefaultQuota(16, 32768, 500, 10), new VireoProperties.Snapshots(8),
                new VireoProperties.Host(0.1, 1024));
        VmRuntime runtime = new VmRuntime(event -> { }, properties);
        try {
            LaunchSpec huge = new LaunchSpec(1L, "huge", 1, 64L << 10, Optional.of(folder.resolve("Image")), Optional.empty(), "",
                    List.of(), Optional.empty(), List.of(), folder, 1000, 0, 1, 1, 64, "riscv64");
            assertThatThrownBy(() -> runtime.powerOn(huge)).isInstanceOfSatisfying(ConflictException.class,
                    e -> assertThat(e.getBody().getDetail())
                            .contains("huge needs 65536 MiB, but the host has promised 0 MiB of its limit of")
                            .contains("× 0.10 memory overcommit"));
            assertThat(runtime.state(1L)).isEqualTo(RuntimeState.OFF);
            assertThat(runtime.hostLoad().memoryPromisedMib()).isZero();
        } finally {
            runtime.destroy();
        }
    }
}
