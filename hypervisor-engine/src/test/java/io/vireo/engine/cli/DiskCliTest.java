package io.vireo.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vireo.engine.storage.QemuImg;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class DiskCliTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int disk(String... args) {
        out.reset();
        err.reset();
        return DiskCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void snapshotCommitFlattenWorkflowProducesImagesQemuAccepts() throws Exception {
        assertThat(disk("create", p("base.qcow2"), "--size", "64M")).isZero();
        assertThat(out()).contains("Created qcow2 image").contains("64.0 MiB");
        QemuImg.ok("qemu-io", "-c", "write -P 0x5a 0 1M", p("base.qcow2"));
        assertThat(disk("snapshot", p("base.qcow2"), p("snap.qcow2"))).isZero();
        QemuImg.ok("qemu-io", "-c", "write -P 0x6b 512k 1M", p("snap.qcow2"));
        assertThat(disk("info", p("snap.qcow2"))).isZero();
        assertThat(out()).contains("backing file: base.qcow2").contains("chain length: 2");
        assertThat(disk("info", p("snap.qcow2"), "--json")).isZero();
        assertThat(out()).startsWith("{\"chain\":[").contains("\"virtualSize\":67108864");
        assertThat(disk("flatten", p("snap.qcow2"), p("clone.qcow2"))).isZero();
        QemuImg.ok("qemu-img", "compare", p("snap.qcow2"), p("clone.qcow2"));
        assertThat(disk("commit", p("snap.qcow2"))).isZero();
        QemuImg.ok("qemu-img", "compare", p("base.qcow2"), p("clone.qcow2"));
        assertThat(disk("check", p("base.qcow2"))).isZero();
        assertThat(out()).contains("No errors");
        assertThat(disk("grow", p("base.qcow2"), "--size", "1G")).isZero();
        assertThat(QemuImg.ok("qemu-img", "info", p("base.qcow2"))).contains("virtual size: 1 GiB");
        assertThat(disk("rebase", p("snap.qcow2"), "--no-backing")).isZero();
        QemuImg.ok("qemu-img", "compare", p("snap.qcow2"), p("clone.qcow2"));
        assertThat(disk("flatten", p("snap.qcow2"), p("export.vmdk"), "--format", "vmdk")).isZero();
        QemuImg.ok("qemu-img", "compare", p("export.vmdk"), p("clone.qcow2"));
    }

    /** The operator names a VMDK brought with its extent files: flatten reads it through its descriptor. */
    @Test
    void flattenReadsAVmdkDescriptorWithItsExtents() throws Exception {
        QemuImg.ok("qemu-img", "create", "-q", "-f", "qcow2", p("src.qcow2"), "8M");
        QemuImg.ok("qemu-io", "-c", "write -P 0x3c 1M 1M", p("src.qcow2"));
        QemuImg.ok("qemu-img", "convert", "-O", "vmdk", "-o", "subformat=monolithicFlat", p("src.qcow2"),
                p("brought.vmdk"));
        assertThat(disk("flatten", p("brought.vmdk"), p("copy.qcow2"))).isZero();
        QemuImg.ok("qemu-img", "compare", p("src.qcow2"), p("copy.qcow2"));
    }

    @Test
    void rawImagesCanBeCreatedWithSizeSuffixes() throws Exception {
        assertThat(disk("create", p("d.raw"), "--size", "3M", "--format", "raw")).isZero();
        assertThat(Files.size(dir.resolve("d.raw"))).isEqualTo(3 << 20);
    }

    @Test
    void mistakesGiveExitOneAndAClearMessage() {
        assertThat(disk("create", p("x.qcow2"))).isEqualTo(1);
        assertThat(err()).contains("--size is required");
        assertThat(disk("create", p("x.qcow2"), "--size", "ten")).isEqualTo(1);
        assertThat(err()).contains("cannot read size 'ten'");
        assertThat(disk("info", p("missing.qcow2"))).isEqualTo(1);
        assertThat(err()).contains("no such image file");
        assertThat(disk("frobnicate")).isEqualTo(1);
        assertThat(err()).contains("unknown disk command");
        assertThat(disk("create", p("y.raw"), "--size", "1M", "--format", "raw", "--backing", p("x"))).isEqualTo(1);
        assertThat(disk("commit", p("y.raw"))).isEqualTo(1);
    }

    @Test
    void checkExitsOneOnACorruptImage() throws Exception {
        assertThat(disk("create", p("c.qcow2"), "--size", "16M")).isZero();
        QemuImg.ok("qemu-io", "-c", "write -P 1 0 64k", p("c.qcow2"));
        try (var ch = java.nio.channels.FileChannel.open(dir.resolve("c.qcow2"), java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(64 << 10), 2 << 16);
        }
        assertThat(disk("check", p("c.qcow2"))).isEqualTo(1);
        assertThat(out()).contains("corrupt");
    }
}
