package io.vireo.console.vm;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.console.domain.InvalidFieldException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target: a {@code vm.conf} of any content, as "register VM from folder" reads it. Parsing ends in a
 * {@link VmConfig} whose every value lies in its documented range or in an {@link InvalidFieldException}
 * naming the folder; nothing else is thrown, and parsing allocates at most {@link #ALLOCATION_BOUND}
 * plus a small multiple of the text. Run longer with {@code JAZZER_FUZZ=1} (see the README).
 */
class VmConfigFuzzTest {
    private static final long ALLOCATION_BOUND = 1 << 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8);
        long classes = CLASSES.getTotalLoadedClassCount();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        VmConfig config;
        try {
            config = VmConfig.parse(text);
        } catch (InvalidFieldException refused) {
            assertThat(refused.field()).isEqualTo("folder");
            config = null;
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        // Loading a class (the parser's patterns, the first time) allocates on this thread too: not counted.
        if (CLASSES.getTotalLoadedClassCount() == classes) {
            assertThat(allocated).as("bytes allocated parsing %d characters", text.length())
                    .isLessThanOrEqualTo(ALLOCATION_BOUND + 32L * text.length());
        }
        if (config != null) {
            assertThat(config.name()).matches(VmRequest.NAME);
            assertThat(config.vcpus()).isBetween(1, 64);
            assertThat(config.memoryMib()).isBetween(64L, 1_048_576L);
            assertThat(config.disks()).hasSizeLessThanOrEqualTo(8)
                    .allSatisfy(d -> assertThat(d.file()).matches("disk[0-9]{1,2}(-[0-9]{1,9})?\\.(raw|qcow2)"));
            List<VmConfig.Disk> disks = config.disks();
            assertThat(config.snapshots()).hasSizeLessThanOrEqualTo(VmConfig.MAX_SNAPSHOTS).allSatisfy(s -> {
                assertThat(s.parentKey()).isBetween(0L, s.key() - 1);
                assertThat(s.files()).hasSize(disks.size()).allSatisfy((position, frozen) -> {
                    assertThat(frozen).matches("disk[0-9]{1,2}(-[0-9]{1,9})?\\.(raw|qcow2)");
                    assertThat(disks).noneMatch(d -> d.file().equals(frozen));
                });
            });
            assertThat(config.current()).isBetween(0L, (long) config.snapshots().size());
            assertThat(config.nics()).hasSizeLessThanOrEqualTo(8)
                    .allSatisfy(n -> {
                        assertThat(n.key()).matches("nic[0-7]");
                        assertThat(n.mac()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
                    });
        }
    }
}
