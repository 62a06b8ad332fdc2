package io.vireo.engine.storage.vmdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vireo.engine.storage.Disks;
import io.vireo.engine.storage.QemuImg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class VmdkReadTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"monolithicSparse", "streamOptimized"})
    void vmdkWrittenByQemuReadsLikeTheSource(String subformat) throws Exception {
        byte[] data = new byte[5 << 20];
        Random rnd = new Random(1);
        for (int i = 0; i < data.length; i += 65536) {
            if (rnd.nextBoolean()) {
                for (int j = i; j < i + 65536; j += 7) {
                    data[j] = (byte) rnd.nextInt();
                }
            }
        }
        Path raw = dir.resolve("src.raw");
        Files.write(raw, data);
        Path vmdk = dir.resolve("disk.vmdk");
        QemuImg.ok("qemu-img", "convert", "-O", "vmdk", "-o", "subformat=" + subformat, raw.toString(), vmdk.toString());
        assertThat(Disks.readAll(vmdk)).isEqualTo(data);
    }
}
