package io.vireo.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceSettings;
import io.vireo.engine.appliance.fixtures.FakeDebianMirror;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplianceCliTest {
    @TempDir
    Path mirror;
    @TempDir
    Path cache;
    @TempDir
    Path aptEtc;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void buildTinyPrintsThePathsOfKernelAndInitrd() throws IOException {
        FakeDebianMirror.publishTinyArchive(mirror);

        int exit = cli().run("build", "tiny");

        String kernelDirectory = cache.resolve("appliances/tiny-" + FakeDebianMirror.TINY_KERNEL_RELEASE).toString();
        assertThat(exit).isZero();
        assertThat(text(out)).contains("kernel:  " + kernelDirectory + "/Image", "initrd:  " + kernelDirectory + "/initramfs.gz",
                "cmdline: console=tty0 console=ttyS0 earlycon=sbi");
        assertThat(text(err)).contains("[100%]");
    }

    @Test
    void failedBuildExitsWithOneAndSaysWhy() {
        int exit = cli().run("build", "tiny");

        assertThat(exit).isEqualTo(1);
        assertThat(text(err)).contains("vireo-engine: No source of Debian riscv64 packages worked");
    }

    @Test
    void wrongArgumentsPrintUsage() {
        int exit = cli().run("make");

        assertThat(exit).isEqualTo(2);
        assertThat(text(err)).contains("usage: vireo-engine appliance build <name>");
    }

    private ApplianceCli cli() {
        ApplianceSettings settings = new ApplianceSettings(cache, Optional.of(mirror.toUri()), List.of("sid"), aptEtc);
        return new ApplianceCli(new ApplianceBuilder(settings), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
