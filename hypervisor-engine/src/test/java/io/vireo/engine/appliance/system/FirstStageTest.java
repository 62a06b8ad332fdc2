package io.vireo.engine.appliance.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.vireo.engine.appliance.ProgressListener;
import io.vireo.engine.appliance.debian.MirrorPackageSource;
import io.vireo.engine.appliance.debian.PackageCache;
import io.vireo.engine.appliance.debian.PackageRecord;
import io.vireo.engine.appliance.fixtures.Debs;
import io.vireo.engine.appliance.fixtures.FakeDebianMirror;
import io.vireo.engine.testing.RequiredTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first stage from a small fake archive: the image it makes is an ext4 file system (read back with e2fsprogs'
 * debugfs) holding every package's files, the .deb files and debootstrap's install order for the guest, dpkg
 * told it is installed, and the second stage script.
 */
class FirstStageTest {
    @TempDir
    Path temp;

    @Test
    void theImageHoldsTheUnpackedSystemAndWhatTheSecondStageNeeds() throws Exception {
        RequiredTool.require("mke2fs", "e2fsprogs");
        Path debugfs = RequiredTool.require("debugfs", "e2fsprogs");
        FakeDebianMirror mirror = new FakeDebianMirror(temp.resolve("mirror"), "sid");
        for (String core : FirstStage.CORE) {
            mirror.stanza(core, "Priority: required\n", new Debs().file("usr/share/doc/" + core + "/copyright", core));
        }
        mirror.stanza("login", "Priority: required\nDepends: libpam0g\n",
                        new Debs().directory("bin", 0755).file("bin/login", 04755, "login".getBytes(StandardCharsets.UTF_8)))
                .stanza("libpam0g", "Priority: optional\n", new Debs().file("usr/lib/libpam.so.0", "pam"))
                .stanza("less", "Priority: important\n", new Debs().file("usr/bin/less", "less"))
                .stanza("openssh-server", "Priority: optional\nDepends: openssh-client | ssh-client\n",
                        new Debs().file("usr/sbin/sshd", "sshd"))
                .stanza("openssh-client", "Priority: standard\n", new Debs().file("usr/bin/ssh", "ssh"))
                .stanza("telnet", "Priority: optional\n", new Debs().file("usr/bin/telnet", "telnet"))
                .publish();
        MirrorPackageSource source = MirrorPackageSource.open(temp.resolve("mirror").toUri(), List.of("sid"), "riscv64");

        FirstStage.Result result = FirstStage.build(source, new PackageCache(temp.resolve("debs")),
                List.of("openssh-server"), temp.resolve("work"), 64L << 20, ProgressListener.NONE);

        assertThat(result.packages()).extracting(PackageRecord::name).containsExactly("base-files", "base-passwd",
                "debconf", "dpkg", "less", "libc6", "libpam0g", "login", "mawk", "openssh-client", "openssh-server",
                "perl-base");
        Path image = result.image();
        assertThat(read(debugfs, image, "cat /usr/bin/less")).isEqualTo("less");
        assertThat(read(debugfs, image, "stat /usr/bin/login")).contains("Mode:  04755");
        assertThat(read(debugfs, image, "cat /var/lib/vireo/core").lines()).containsExactly("base-passwd_1_riscv64.deb",
                "base-files_1_riscv64.deb", "dpkg_1_riscv64.deb", "libc6_1_riscv64.deb", "perl-base_1_riscv64.deb",
                "mawk_1_riscv64.deb", "debconf_1_riscv64.deb");
        assertThat(read(debugfs, image, "cat /var/lib/vireo/required").lines())
                .containsExactly("libpam0g_1_riscv64.deb", "login_1_riscv64.deb");
        assertThat(read(debugfs, image, "cat /var/lib/vireo/base").lines()).containsExactly("less_1_riscv64.deb",
                "openssh-client_1_riscv64.deb", "openssh-server_1_riscv64.deb");
        assertThat(read(debugfs, image, "ls -l /var/cache/apt/archives")).contains("openssh-server_1_riscv64.deb");
        assertThat(read(debugfs, image, "cat /var/lib/dpkg/status")).contains("Package: dpkg\nVersion: 1\n",
                "Status: install ok installed");
        assertThat(read(debugfs, image, "cat /usr/sbin/vireo-second-stage"))
                .startsWith("#!/bin/sh").contains("dpkg_run --force-confold --configure -a");
        assertThat(read(debugfs, image, "stat /usr/sbin/vireo-second-stage")).contains("Mode:  0755");
    }

    private static String read(Path debugfs, Path image, String request) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(debugfs.toString(), "-R", request, image.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("debugfs -R '%s'", request).isZero();
        return output;
    }
}
