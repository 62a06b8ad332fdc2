package io.vireo.engine.devices.virtio;

import io.vireo.engine.devices.virtio.net.VirtioNet;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.PortCounters;
import io.vireo.engine.testing.RamGuard;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * virtio-net under random queue contents (seeded, so a failure repeats): transmit chains with any header
 * and frame length, receive chains of any size and direction, some corrupted by {@link FuzzedChains}, with
 * frames of any length arriving from the network meanwhile, with or without mergeable receive buffers. The
 * device returns every chain or asks for a reset; it writes guest RAM only in buffers posted as
 * device-writable; whatever reaches the network is a frame of a length Ethernet allows, and the counters
 * add up.
 */
class VirtioNetFuzzTest {
    private static final int RX = 0, TX = 1, HEADER = 12, RUNS = 300;
    private static final long MRG_RXBUF = 1L << 15;
    private static final MacAddress MAC = MacAddress.parse("52:56:00:00:00:01");

    @Test
    void randomChainsAndFramesNeverLeakOrBreakTheDevice() throws Exception {
        for (int seed = 0; seed < RUNS; seed++) {
            run(new Random(seed), seed);
        }
    }

    private static void run(Random random, int seed) throws Exception {
        FakeNetwork network = new FakeNetwork();
        VirtioNet[] nic = new VirtioNet[1];
        TestDriver driver = new TestDriver(memory ->
                nic[0] = VirtioNet.plug(memory, MAC, network, OptionalInt.empty(), OptionalLong.empty()));
        try {
            boolean mergeable = random.nextBoolean();
            driver.start(2, mergeable ? 0 : MRG_RXBUF);
            FuzzedChains chains = new FuzzedChains(driver, random);
            int transmits = random.nextInt(0, 6), receives = random.nextInt(0, 6);
            for (int i = 0; i < transmits; i++) {
                postTransmit(random, chains);
            }
            for (int i = 0; i < receives; i++) {
                int length = random.nextInt(0, 1600);
                chains.post(RX, new TestDriver.Buffer(chains.buffer(length), length, random.nextInt(8) != 0));
            }
            if (mergeable) {
                // Room for any frame after the random buffers, and a frame more than those buffers: with
                // frames spread over buffers, this is what makes the device use every buffer posted.
                chains.postIntact(RX, new TestDriver.Buffer(chains.buffer(HEADER + 1518), HEADER + 1518, true));
            }
            RamGuard guard = new RamGuard(driver.memory);
            chains.allowWrites(guard, 2);

            chains.kick(TX);
            chains.kick(RX);
            List<byte[]> arriving = new ArrayList<>();
            for (int i = 0; i < receives; i++) {
                arriving.add(new byte[random.nextInt(14, 1519)]);
            }
            for (int i = random.nextInt(0, 4); i > 0; i--) {
                arriving.add(random.nextInt(arriving.size() + 1), new byte[random.nextBoolean() ? random.nextInt(0, 14) : 1519]);
            }
            if (mergeable) {
                arriving.add(new byte[14]);
            }
            FakeNetwork.Plug plug = network.plugs.getFirst();
            arriving.forEach(plug::deliver);

            chains.awaitUsedOrReset(TX, chains.posted(TX));
            chains.awaitUsedOrReset(RX, chains.posted(RX));
            guard.assertNoOtherWrites();
            String where = "seed " + seed;
            assertThat(plug.sent).as(where).allSatisfy(frame -> assertThat(frame.length).isBetween(14, 1518));
            PortCounters counters = nic[0].counters();
            assertThat(counters.txFrames()).as(where).isEqualTo(plug.sent.size());
            assertThat(counters.txBytes()).as(where).isEqualTo(plug.sent.stream().mapToLong(f -> f.length).sum());
            if (!chains.needsReset()) {
                assertThat(driver.usedCount(TX)).as(where).isEqualTo(transmits);
                assertThat(counters.txFrames() + counters.drops()).as(where).isGreaterThanOrEqualTo(transmits);
                for (int i = 0; i < driver.usedCount(RX); i++) {
                    assertThat(driver.usedLength(RX, i)).as(where).satisfiesAnyOf(
                            length -> assertThat(length).isZero(),
                            length -> assertThat(length).isBetween(mergeable ? 1 : HEADER + 14, HEADER + 1518));
                }
            }
        } finally {
            nic[0].close();
            driver.close();
        }
    }

    /** A header with random flags, checksum place and segmentation type, then a frame of random length. */
    private static void postTransmit(Random random, FuzzedChains chains) {
        byte[] header = new byte[HEADER];
        header[0] = (byte) (random.nextInt(4) == 0 ? random.nextInt() : random.nextInt(2));
        header[1] = (byte) (random.nextInt(8) == 0 ? random.nextInt() : 0);
        int start = random.nextInt(0, 1600), offset = random.nextInt(0, 64);
        header[6] = (byte) start;
        header[7] = (byte) (start >>> 8);
        header[8] = (byte) offset;
        header[9] = (byte) (offset >>> 8);
        byte[] frame = new byte[random.nextInt(0, 1600)];
        random.nextBytes(frame);
        if (random.nextBoolean()) {
            byte[] whole = new byte[HEADER + frame.length];
            System.arraycopy(header, 0, whole, 0, HEADER);
            System.arraycopy(frame, 0, whole, HEADER, frame.length);
            chains.post(TX, new TestDriver.Buffer(chains.bufferWith(whole), whole.length, false));
        } else {
            chains.post(TX, new TestDriver.Buffer(chains.bufferWith(header), HEADER, false),
                    new TestDriver.Buffer(chains.bufferWith(frame), frame.length, random.nextInt(8) == 0));
        }
    }
}
