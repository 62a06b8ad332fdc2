package io.vireo.engine.state;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.engine.testing.AllocationBound;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzz target: a machine-state file, made from a valid one by overwriting a stretch of it with fuzzer
 * bytes, cutting it or appending to it, with the header's length and checksum made to fit (so the damage
 * reaches the sections) or not. Reading ends in a {@link MachineState} or a {@link SavedStateException},
 * and allocates little more than the file.
 */
class MachineStateFuzzTest {
    private static final byte[] VALID = validFile();

    private static byte[] validFile() {
        try {
            Path file = Files.createTempFile("vireo-state-fuzz", ".state");
            try {
                MachineStateFile.write(file, SavedStates.twoHartsADiskAndABalloon());
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void stateFile(FuzzedDataProvider data) {
        byte[] file = switch (data.consumeInt(0, 2)) {
            case 0 -> {
                byte[] copy = VALID.clone();
                int at = data.consumeInt(0, copy.length - 1);
                byte[] patch = data.consumeBytes(copy.length - at);
                System.arraycopy(patch, 0, copy, at, patch.length);
                yield copy;
            }
            case 1 -> Arrays.copyOf(VALID, data.consumeInt(0, VALID.length));
            default -> {
                byte[] tail = data.consumeBytes(4096);
                byte[] longer = Arrays.copyOf(VALID, VALID.length + tail.length);
                System.arraycopy(tail, 0, longer, VALID.length, tail.length);
                yield longer;
            }
        };
        byte[] input = data.consumeBoolean() ? DamagedStateFiles.resealed(file) : file;
        AllocationBound.check(16L * input.length + (1 << 20), SavedStateException.class,
                () -> MachineStateFile.decode(StateFile.parse(input)));
    }
}
