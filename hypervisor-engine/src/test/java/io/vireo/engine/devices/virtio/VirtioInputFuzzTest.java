package io.vireo.engine.devices.virtio;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.engine.devices.virtio.input.VirtioInput;
import io.vireo.engine.devices.virtio.input.VirtioInputPair;
import io.vireo.engine.testing.AllocationBound;
import io.vireo.engine.testing.RamGuard;

/**
 * Fuzz target: a virtio-input keyboard and tablet driven from both sides: the driver reads and writes
 * the configuration space at any offset and width and posts event and status buffers of any shape, while
 * a display client sends keys and pointer moves. Nothing is thrown, pending events stay bounded, and the
 * devices write guest RAM only in the buffers they were given.
 */
class VirtioInputFuzzTest {
    /** Queued events are capped at 1024 per device; a few hundred bytes each at most, with slack. */
    private static final long ALLOCATION_BOUND = 4L << 20;

    @FuzzTest(maxDuration = "5m")
    void driverAndClient(FuzzedDataProvider data) throws Exception {
        VirtioInput[] pair = new VirtioInput[2];
        TestDriver keyboard = new TestDriver(memory -> pair[0] = VirtioInput.keyboard(memory));
        TestDriver tablet = new TestDriver(memory -> pair[1] = VirtioInput.tablet(memory));
        try {
            VirtioInputPair sink = new VirtioInputPair(pair[0], pair[1]);
            keyboard.start(2);
            tablet.start(2);
            TestDriver driver = data.consumeBoolean() ? keyboard : tablet;
            FuzzedChains chains = new FuzzedChains(driver, data);
            for (int i = data.consumeInt(0, 6); i > 0; i--) {
                int q = data.consumeInt(0, 1);
                int length = data.consumeBoolean() ? 8 : data.consumeInt(0, 64);
                chains.post(q, new TestDriver.Buffer(chains.buffer(length), length, q == 0 || data.consumeBoolean()));
            }
            RamGuard guard = new RamGuard(driver.memory);
            AllocationBound.check(ALLOCATION_BOUND, () -> {
                for (int i = data.consumeInt(0, 64); i > 0; i--) {
                    switch (data.consumeInt(0, 5)) {
                        case 0 -> driver.transport.write(0x100 + data.consumeInt(0, 0x108), data.pickValue(new int[] {1, 2, 4, 8}),
                                data.consumeLong());
                        case 1 -> driver.transport.read(0x100 + data.consumeInt(0, 0x108), data.pickValue(new int[] {1, 2, 4, 8}));
                        case 2 -> sink.key(data.consumeInt(), data.consumeBoolean());
                        case 3 -> sink.pointer(data.consumeInt(), data.consumeInt(), data.consumeInt(), data.consumeInt(),
                                data.consumeInt());
                        case 4 -> pair[data.consumeInt(0, 1)].send(data.consumeInt(), data.consumeInt(), data.consumeInt());
                        default -> chains.kick(data.consumeInt(0, 1));
                    }
                }
            });
            chains.allowWrites(guard, 2);
            guard.assertNoOtherWrites();
        } finally {
            keyboard.close();
            tablet.close();
        }
    }
}
