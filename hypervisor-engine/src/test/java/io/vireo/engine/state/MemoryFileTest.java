package io.vireo.engine.state;

import io.vireo.engine.mmu.GuestMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RAM to its file and back: zero pages take no room, and the resumed guest's writes never reach the file. */
class MemoryFileTest {
    private static final long BASE = 0x8000_0000L, SIZE = 16L << 20, PAGE = 4096;

    @TempDir
    Path dir;

    @Test
    void onlyNonZeroPagesAreStoredAndTheMappedCopyNeverChangesTheFile() throws Exception {
        Path file = dir.resolve("memory.bin");
        try (GuestMemory ram = new GuestMemory(BASE, SIZE)) {
            ram.writeLong(BASE + 3 * PAGE, 0x1234_5678_9ABCL);
            ram.writeByte(BASE + SIZE - 1, (byte) 7);
            ram.writeLong(BASE + 5 * PAGE, 1);
            ram.writeLong(BASE + 5 * PAGE, 0);
            assertThat(MemoryFile.write(file, ram)).as("bytes of RAM written").isEqualTo(2 * PAGE);
        }
        assertThat(Files.size(file)).isEqualTo(SIZE);
        assertThat(allocatedBytes(file)).as("the file is sparse").isLessThan(1L << 20);
        byte[] before = Files.readAllBytes(file);

        try (GuestMemory resumed = MemoryFile.map(file, BASE, SIZE)) {
            assertThat(resumed.readLong(BASE + 3 * PAGE)).isEqualTo(0x1234_5678_9ABCL);
            assertThat(resumed.readByte(BASE + SIZE - 1)).isEqualTo((byte) 7);
            assertThat(resumed.readLong(BASE + 5 * PAGE)).isZero();
            resumed.writeLong(BASE + 3 * PAGE, 99);
            resumed.writeLong(BASE, 5);
            assertThat(resumed.readLong(BASE + 3 * PAGE)).isEqualTo(99);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aPageTheBalloonTakesFromResumedRamReadsAsZeroWhileTheFileKeepsIt() throws Exception {
        Path file = dir.resolve("memory.bin");
        try (GuestMemory ram = new GuestMemory(BASE, SIZE)) {
            for (long page = 0; page < 64; page++) {
                ram.writeLong(BASE + page * PAGE, 0x5A5A_0000L + page);
            }
            MemoryFile.write(file, ram);
        }
        byte[] before = Files.readAllBytes(file);
        try (GuestMemory resumed = MemoryFile.map(file, BASE, SIZE)) {
            for (long page = 0; page < 64; page++) {
                resumed.writeLong(BASE + page * PAGE + 8, page);
            }
            resumed.release(BASE + 8 * PAGE, 32 * PAGE);
            assertThat(resumed.readLong(BASE + 8 * PAGE)).as("a released page, not the file's").isZero();
            assertThat(resumed.readLong(BASE + 39 * PAGE + 8)).isZero();
            assertThat(resumed.readLong(BASE + 40 * PAGE)).as("the page after the released ones")
                    .isEqualTo(0x5A5A_0000L + 40);
            resumed.writeLong(BASE + 8 * PAGE, 3);
            assertThat(resumed.readLong(BASE + 8 * PAGE)).as("a page the guest takes back is usable").isEqualTo(3);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    /**
     * HotSpot compiles the harts' memory accesses for the segment class it has seen; a resumed machine whose RAM
     * were of another class would send all that code back to be compiled again, and its guest would answer
     * hundreds of milliseconds late.
     */
    @Test
    void resumedRamIsTheSameKindOfMemoryAsBootedRam() throws Exception {
        Path file = dir.resolve("memory.bin");
        try (GuestMemory booted = new GuestMemory(BASE, SIZE)) {
            MemoryFile.write(file, booted);
            try (GuestMemory resumed = MemoryFile.map(file, BASE, SIZE)) {
                assertThat(resumed.segment().getClass()).isEqualTo(booted.segment().getClass());
            }
        }
    }

    @Test
    void aFileOfAnotherSizeIsRefused() throws Exception {
        Path file = Files.write(dir.resolve("memory.bin"), new byte[8192]);
        assertThatThrownBy(() -> MemoryFile.map(file, BASE, SIZE)).isInstanceOf(SavedStateException.class)
                .hasMessageStartingWith("memory: ").hasMessageContaining("8192 bytes");
    }

    private static long allocatedBytes(Path file) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] blocks = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ");
        stat.waitFor();
        return Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]);
    }
}
