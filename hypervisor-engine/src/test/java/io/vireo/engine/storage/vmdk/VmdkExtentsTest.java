package io.vireo.engine.storage.vmdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.Disks;
import io.vireo.engine.storage.ImageException;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.QemuImg;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.DiskChain;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * VMDKs whose data lies in extent files beside a text descriptor, as QEMU (and VMware) write them, read as the same
 * disk; so do snapshot deltas over their parents. Descriptors that reach outside their folder are refused.
 */
@Timeout(120)
class VmdkExtentsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"monolithicFlat", "twoGbMaxExtentFlat", "twoGbMaxExtentSparse"})
    void aDescriptorWithExtentsReadsLikeTheSource(String subformat) throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(3).nextBytes(data);
        Arrays.fill(data, 1 << 20, 2 << 20, (byte) 0);
        Path raw = dir.resolve("src.raw");
        Files.write(raw, data);
        Path vmdk = dir.resolve("disk.vmdk");
        QemuImg.ok("qemu-img", "convert", "-O", "vmdk", "-o", "subformat=" + subformat, raw.toString(), vmdk.toString());

        assertThat(ImageFormat.probePackaged(vmdk)).isEqualTo(ImageFormat.VMDK);
        try (DiskImage disk = packaged(vmdk, true)) {
            assertThat(Disks.readAll(disk)).isEqualTo(data);
        }
        Path copy = dir.resolve("copy.qcow2");
        ChainOperations.flatten(vmdk, ImageFormat.VMDK, copy, ImageFormat.QCOW2, done -> { });
        QemuImg.ok("qemu-img", "compare", raw.toString(), copy.toString());
    }

    @Test
    void aSplitSparseDiskOfSeveralExtentsReadsEachOfThem() throws Exception {
        Path source = dir.resolve("big.qcow2");
        QemuImg.ok("qemu-img", "create", "-q", "-f", "qcow2", source.toString(), "5G");
        long[] offsets = {0, (2L << 30) + 4096, (4L << 30) + (7 << 20)};
        for (int i = 0; i < offsets.length; i++) {
            QemuImg.ok("qemu-io", "-f", "qcow2", "-c", "write -P " + (0x41 + i) + " " + offsets[i] + " 65536",
                    source.toString());
        }
        Path vmdk = dir.resolve("split.vmdk");
        QemuImg.ok("qemu-img", "convert", "-O", "vmdk", "-o", "subformat=twoGbMaxExtentSparse", source.toString(),
                vmdk.toString());
        assertThat(Files.readString(vmdk)).contains("split-s003.vmdk");

        try (DiskImage disk = packaged(vmdk, true)) {
            assertThat(disk.size()).isEqualTo(5L << 30);
            for (int i = 0; i < offsets.length; i++) {
                ByteBuffer buf = ByteBuffer.allocate(65536 + 512);
                disk.read(offsets[i], buf);
                for (int b = 0; b < 65536; b++) {
                    assertThat(buf.get(b)).isEqualTo((byte) (0x41 + i));
                }
                assertThat(buf.get(65536)).isZero();
            }
        }
        Path copy = dir.resolve("copy.qcow2");
        ChainOperations.flatten(vmdk, ImageFormat.VMDK, copy, ImageFormat.QCOW2, done -> { });
        QemuImg.ok("qemu-img", "compare", source.toString(), copy.toString());
    }

    @Test
    void aChainOfSnapshotDeltasReadsAsQemuReadsIt() throws Exception {
        Path base = dir.resolve("Ubuntu-VM.vmdk");
        QemuImg.ok("qemu-img", "create", "-q", "-f", "vmdk", base.toString(), "8M");
        QemuImg.ok("qemu-io", "-f", "vmdk", "-c", "write -P 0x41 0 1M", "-c", "write -P 0x42 2M 1M", base.toString());
        Path first = dir.resolve("Ubuntu-VM-000001.vmdk");
        QemuImg.ok("qemu-img", "create", "-q", "-f", "vmdk", "-b", base.getFileName().toString(), "-F", "vmdk",
                first.toString());
        QemuImg.ok("qemu-io", "-f", "vmdk", "-c", "write -P 0x43 512k 1M", first.toString());
        Path second = dir.resolve("Ubuntu-VM-000002.vmdk");
        QemuImg.ok("qemu-img", "create", "-q", "-f", "vmdk", "-o", "subformat=twoGbMaxExtentSparse", "-b",
                first.getFileName().toString(), "-F", "vmdk", second.toString());
        QemuImg.ok("qemu-io", "-f", "vmdk", "-c", "write -P 0x44 6M 64k", "-c", "write -P 0x45 2M 64k",
                second.toString());
        assertThat(Files.readString(second)).contains("parentFileNameHint=\"Ubuntu-VM-000001.vmdk\"");

        try (DiskImage disk = packaged(second, true)) {
            assertThat(DiskChain.layers(disk)).extracting(DiskImage::path).containsExactly(second, first, base);
        }
        Path expected = dir.resolve("expected.raw");
        QemuImg.ok("qemu-img", "convert", "-O", "raw", second.toString(), expected.toString());
        assertThat(readPackaged(second)).isEqualTo(Files.readAllBytes(expected));
        Path copy = dir.resolve("copy.qcow2");
        ChainOperations.flatten(second, ImageFormat.VMDK, copy, ImageFormat.QCOW2, done -> { });
        QemuImg.ok("qemu-img", "compare", expected.toString(), copy.toString());
    }

    @Test
    void anEsxiFolderCopiedOffItsDatastoreReadsItsVmfsExtentAsFlatAndRefusesItsSnapshotDeltas() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(5).nextBytes(data);
        Files.write(dir.resolve("web-flat.vmdk"), data);
        Path vmdk = dir.resolve("web.vmdk");
        Files.writeString(vmdk, "# Disk DescriptorFile\nversion=1\nencoding=\"UTF-8\"\nCID=fffffffe\n"
                + "parentCID=ffffffff\ncreateType=\"vmfs\"\n\n# Extent description\nRW 2048 VMFS \"web-flat.vmdk\"\n\n"
                + "# The Disk Data Base\n#DDB\n\nddb.adapterType = \"lsilogic\"\nddb.virtualHWVersion = \"14\"\n");

        assertThat(readPackaged(vmdk)).isEqualTo(data);
        for (String delta : new String[] {"VMFSSPARSE \"web-000001-delta.vmdk\"", "SESPARSE \"web-000001-sesparse.vmdk\""}) {
            Path top = dir.resolve("web-000001.vmdk");
            Files.writeString(top, "# Disk DescriptorFile\nversion=1\nCID=fffffffd\nparentCID=fffffffe\n"
                    + "createType=\"vmfsSparse\"\nparentFileNameHint=\"web.vmdk\"\nRW 2048 " + delta + "\n");
            assertThatThrownBy(() -> packaged(top, true).close()).as(delta)
                    .hasMessageContaining("ESXi snapshot delta");
        }
    }

    @Test
    void extentsOutsideTheFolderAndDeltasWithoutALocalParentAreRefused() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("vm"));
        Files.write(dir.resolve("secret.raw"), new byte[4096]);
        Files.createSymbolicLink(sub.resolve("link-flat.vmdk"), dir.resolve("secret.raw"));
        String head = "# Disk DescriptorFile\nversion=1\nCID=12345678\nparentCID=ffffffff\ncreateType=\"monolithicFlat\"\n";
        for (String extent : new String[] {"../secret.raw", "/etc/passwd", "link-flat.vmdk", "missing-flat.vmdk"}) {
            Path d = sub.resolve("d.vmdk");
            Files.writeString(d, head + "RW 8 FLAT \"" + extent + "\" 0\n");
            assertThatThrownBy(() -> packaged(d, true).close()).as(extent).isInstanceOf(ImageException.class);
        }
        Path delta = sub.resolve("delta.vmdk");
        String deltaHead = head.replace("parentCID=ffffffff", "parentCID=87654321");
        Files.writeString(delta, deltaHead + "RW 8 ZERO\n");
        assertThatThrownBy(() -> packaged(delta, true).close()).hasMessageContaining("does not name its parent");
        for (String parent : new String[] {"../secret.raw", "/vmfs/volumes/ds1/base.vmdk"}) {
            Files.writeString(delta, deltaHead + "parentFileNameHint=\"" + parent + "\"\nRW 8 ZERO\n");
            assertThatThrownBy(() -> packaged(delta, true).close()).as(parent)
                    .hasMessageContaining("not a plain file name");
        }
        Path writable = sub.resolve("w.vmdk");
        Files.writeString(writable, head + "RW 8 ZERO\n");
        assertThatThrownBy(() -> packaged(writable, false).close()).hasMessageContaining("read-only");
    }

    /**
     * A descriptor on its own (a file uploaded as a disk, a raw disk whose guest wrote one at its start) is not a
     * VMDK to a probe: opening it reads its own bytes, never the neighbour it names, which only a package's disk,
     * probed as one, reads.
     */
    @Test
    void aDescriptorIsReadAsAVmdkOnlyWhenProbedAsAPackagesDisk() throws Exception {
        byte[] secret = new byte[4096];
        Arrays.fill(secret, (byte) 0x7f);
        Files.write(dir.resolve("neighbour-flat.vmdk"), secret);
        Path d = dir.resolve("upload.img");
        Files.writeString(d, "# Disk DescriptorFile\nversion=1\nCID=12345678\nparentCID=ffffffff\n"
                + "createType=\"monolithicFlat\"\nRW 8 FLAT \"neighbour-flat.vmdk\" 0\n");

        assertThat(ImageFormat.probe(d)).isEqualTo(ImageFormat.RAW);
        byte[] read = Disks.readAll(d);
        assertThat(Arrays.copyOf(read, (int) Files.size(d))).isEqualTo(Files.readAllBytes(d));
        assertThat(read).doesNotContain((byte) 0x7f);
        assertThat(ChainOperations.info(d).getFirst().format()).isEqualTo(ImageFormat.RAW);

        assertThat(ImageFormat.probePackaged(d)).isEqualTo(ImageFormat.VMDK);
        try (DiskImage disk = packaged(d, true)) {
            assertThat(Disks.readAll(disk)).isEqualTo(secret);
        }
    }

    private static byte[] readPackaged(Path vmdk) throws Exception {
        try (DiskImage disk = packaged(vmdk, true)) {
            return Disks.readAll(disk);
        }
    }

    private static DiskImage packaged(Path vmdk, boolean readOnly) throws Exception {
        return DiskChain.open(vmdk, Optional.of(ImageFormat.probePackaged(vmdk)), readOnly);
    }
}
