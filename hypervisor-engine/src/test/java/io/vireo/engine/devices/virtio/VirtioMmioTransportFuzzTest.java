package io.vireo.engine.devices.virtio;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.engine.devices.virtio.balloon.VirtioBalloon;
import io.vireo.engine.devices.virtio.gpu.VirtioGpu;
import io.vireo.engine.devices.virtio.input.VirtioInput;
import io.vireo.engine.devices.virtio.rng.VirtioRng;
import io.vireo.engine.testing.AllocationBound;

import java.util.List;
import java.util.function.Function;

import static io.vireo.engine.devices.virtio.TestDriver.RAM;

/**
 * Fuzz target: the virtio-mmio register window driven by a driver that writes anything anywhere: any
 * offset in the 4 KiB window, any width, any value, in any order (selectors out of range, queues set up
 * half-way, status bits in any sequence), over each kind of device with queues. Nothing is thrown out of
 * a register access, and one input allocates at most {@link #ALLOCATION_BOUND}.
 */
class VirtioMmioTransportFuzzTest {
    private static final long ALLOCATION_BOUND = 8L << 20;
    private static final List<Function<io.vireo.engine.mmu.GuestMemory, VirtioDevice>> DEVICES = List.of(
            VirtioRng::new, VirtioBalloon::new, VirtioInput::keyboard, memory -> new VirtioGpu(memory, 640, 480));
    private static final int[] REGISTERS = {0x000, 0x004, 0x008, 0x00C, 0x010, 0x014, 0x020, 0x024, 0x030, 0x034,
            0x038, 0x044, 0x050, 0x060, 0x064, 0x070, 0x080, 0x084, 0x090, 0x094, 0x0A0, 0x0A4, 0x0FC, 0x100};

    @FuzzTest(maxDuration = "5m")
    void registers(FuzzedDataProvider data) {
        TestDriver driver = new TestDriver(data.pickValue(DEVICES));
        try {
            AllocationBound.check(ALLOCATION_BOUND, () -> {
                for (int i = data.consumeInt(0, 64); i > 0; i--) {
                    int offset = data.consumeBoolean() ? data.pickValue(REGISTERS) : data.consumeInt(0, 0xFFF);
                    int width = data.pickValue(new int[] {1, 2, 4, 8});
                    if (data.consumeBoolean()) {
                        driver.transport.read(offset, width);
                    } else {
                        driver.transport.write(offset, width, value(data, offset));
                    }
                }
            });
        } finally {
            driver.close();
        }
    }

    /** Mostly values a driver would write there (small selectors and sizes, addresses in RAM), else anything. */
    private static long value(FuzzedDataProvider data, int offset) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> data.consumeLong();
            case 1 -> data.consumeInt(-2, 16);
            case 2 -> offset >= 0x080 && offset < 0x0B0 ? RAM + 0x1000L * data.consumeInt(0, 64) : 1L << data.consumeInt(0, 31);
            default -> data.consumeInt(0, 0x7F);
        };
    }
}
