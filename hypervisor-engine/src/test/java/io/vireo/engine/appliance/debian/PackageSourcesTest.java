package io.vireo.engine.appliance.debian;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageSourcesTest {
    @TempDir
    Path emptyMirror;
    @TempDir
    Path aptEtcWithoutSources;
    @TempDir
    Path state;

    @Test
    void whenNeitherMirrorNorAptWorksTheErrorNamesBothAttempts() {
        assertThatThrownBy(() -> PackageSources.open(Optional.of(emptyMirror.toUri()), aptEtcWithoutSources,
                List.of("sid", "trixie"), "riscv64", state))
                .isInstanceOf(PackageSourceException.class)
                .hasMessageContaining("No source of Debian riscv64 packages worked")
                .hasMessageContaining("mirror " + emptyMirror.toUri())
                .hasMessageContaining("dists/sid/main/binary-riscv64/Packages.xz")
                .hasMessageContaining("dists/trixie/main/binary-riscv64/Packages.xz")
                .hasMessageContaining("apt: no archive URI")
                .hasMessageContaining(aptEtcWithoutSources.toString());
    }

    @Test
    void withoutAMirrorSettingTheErrorSaysHowToGiveOne() {
        assertThatThrownBy(() -> PackageSources.open(Optional.empty(), aptEtcWithoutSources, List.of("sid"), "riscv64", state))
                .hasMessageContaining("vireo.debian.mirror")
                .hasMessageContaining("VIREO_DEBIAN_MIRROR");
    }
}
