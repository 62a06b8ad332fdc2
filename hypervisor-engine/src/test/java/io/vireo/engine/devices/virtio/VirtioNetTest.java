package io.vireo.engine.devices.virtio;

import io.vireo.engine.devices.virtio.net.VirtioNet;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkMode;
import io.vireo.engine.network.PortCounters;
import io.vireo.engine.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static io.vireo.engine.devices.virtio.TestDriver.RAM;
import static org.assertj.core.api.Assertions.assertThat;

/** virtio-net against a fake driver and a fake network: frames both ways, what is refused, link and rate. */
class VirtioNetTest {
    private static final int RX = 0, TX = 1, HEADER = 12;
    private static final long DATA = RAM + 0x100000;
    private static final MacAddress MAC = MacAddress.parse("52:56:00:00:00:01");
    private static final MacAddress PEER = MacAddress.parse("52:56:00:00:00:02");

    private static final long MRG_RXBUF = 1L << 15;

    private FakeNetwork network = new FakeNetwork();
    private VirtioNet nic;
    private TestDriver driver;
    private long nextData = DATA;

    /** A driver that takes every feature but mergeable receive buffers: a frame goes into one buffer. */
    private void start(OptionalLong rateLimit) {
        start(rateLimit, false);
    }

    private void start(OptionalLong rateLimit, boolean mergeable) {
        driver = new TestDriver(memory -> nic = VirtioNet.plug(memory, MAC, network, OptionalInt.empty(), rateLimit));
        driver.start(2, mergeable ? 0 : MRG_RXBUF);
    }

    @AfterEach
    void close() {
        if (driver != null) {
            nic.close();
            driver.close();
        }
    }

    private FakeNetwork.Plug plug() {
        return network.plugs.getFirst();
    }

    /** An Ethernet frame to {@code to} from {@code from} with {@code payload} bytes after the header. */
    private static byte[] frame(MacAddress to, MacAddress from, int payload, int seed) {
        byte[] f = new byte[14 + payload];
        to.write(f, 0);
        from.write(f, 6);
        f[12] = (byte) 0x88;
        f[13] = (byte) 0xB5; // local experimental EtherType
        for (int i = 14; i < f.length; i++) {
            f[i] = (byte) (i * 31 + seed);
        }
        return f;
    }

    private long place(byte[] bytes) {
        long at = nextData;
        driver.memory.write(at, bytes, 0, bytes.length);
        nextData += (bytes.length + 15) & ~15;
        return at;
    }

    private long room(int length) {
        long at = nextData;
        nextData += (length + 15) & ~15;
        return at;
    }

    /** Sends a frame as the guest does: a header buffer, then the frame in two pieces. */
    private void transmit(byte[] header, byte[] frame) {
        int half = frame.length / 2;
        driver.post(TX, new TestDriver.Buffer(place(header), header.length, false),
                new TestDriver.Buffer(place(Arrays.copyOfRange(frame, 0, half)), half, false),
                new TestDriver.Buffer(place(Arrays.copyOfRange(frame, half, frame.length)), frame.length - half, false));
    }

    private static byte[] plainHeader() {
        return new byte[HEADER];
    }

    private long postReceiveBuffer(int length) {
        long at = room(length);
        driver.post(RX, new TestDriver.Buffer(at, length, true));
        return at;
    }

    private byte[] guestBytes(long at, int length) {
        byte[] b = new byte[length];
        driver.memory.read(at, b, 0, length);
        return b;
    }

    @Test
    void theConfigurationSpaceHoldsTheMacALinkThatIsUpAndTheMtu() {
        start(OptionalLong.empty());
        assertThat(driver.reg(0x008)).as("device id").isEqualTo(1);
        byte[] mac = new byte[6];
        for (int i = 0; i < 6; i++) {
            mac[i] = (byte) driver.transport.read(0x100 + i, 1);
        }
        assertThat(MacAddress.of(mac, 0)).isEqualTo(MAC);
        assertThat(driver.transport.read(0x106, 2)).as("status: link up").isEqualTo(1);
        assertThat(driver.transport.read(0x10A, 2)).as("mtu").isEqualTo(1500);
        long features = driver.deviceFeatures();
        assertThat(features & (1L | 1L << 3 | 1L << 5 | 1L << 16)).as("CSUM, MTU, MAC, STATUS")
                .isEqualTo(1L | 1L << 3 | 1L << 5 | 1L << 16);
    }

    @Test
    void aFrameTheGuestSendsReachesTheNetworkWholeAndIsCounted() throws Exception {
        start(OptionalLong.empty());
        byte[] frame = frame(PEER, MAC, 200, 1);
        transmit(plainHeader(), frame);
        driver.awaitUsed(TX, 1);
        assertThat(plug().sent).hasSize(1);
        assertThat(plug().sent.getFirst()).isEqualTo(frame);
        assertThat(driver.usedLength(TX, 0)).isZero();
        assertThat(nic.counters()).isEqualTo(new PortCounters(0, 0, 1, frame.length, 0));
    }

    @Test
    void aChecksumLeftToTheDeviceIsCompletedOverTheFrame() throws Exception {
        start(OptionalLong.empty());
        // IPv4/UDP 10.0.2.15:5000 -> 10.0.2.2:53 with 7 payload bytes (odd, so the last byte is padded).
        byte[] payload = "vireo!!".getBytes();
        byte[] f = new byte[14 + 20 + 8 + payload.length];
        PEER.write(f, 0);
        MAC.write(f, 6);
        f[12] = 0x08;
        ByteBuffer ip = ByteBuffer.wrap(f, 14, f.length - 14);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) (f.length - 14)).putInt(0).put((byte) 64).put((byte) 17)
                .putShort((short) 0).put(new byte[] {10, 0, 2, 15}).put(new byte[] {10, 0, 2, 2});
        int udpLength = 8 + payload.length;
        ip.putShort((short) 5000).putShort((short) 53).putShort((short) udpLength).putShort((short) 0).put(payload);
        // As Linux leaves it: the pseudo-header's sum, not complemented, in the checksum field.
        long pseudo = 0x0A00 + 0x020F + 0x0A00 + 0x0202 + 17 + udpLength;
        pseudo = (pseudo & 0xFFFF) + (pseudo >>> 16);
        f[14 + 20 + 6] = (byte) (pseudo >>> 8);
        f[14 + 20 + 7] = (byte) pseudo;
        byte[] header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN)
                .put(0, (byte) 1).putShort(6, (short) 34).putShort(8, (short) 6).array();

        transmit(header, f);
        driver.awaitUsed(TX, 1);

        byte[] sent = plug().sent.getFirst();
        long pseudoHeader = 0x0A00 + 0x020F + 0x0A00 + 0x0202 + 17 + udpLength;
        assertThat(ones(sent, 34, sent.length - 34, pseudoHeader)).as("the UDP checksum verifies").isEqualTo(0xFFFF);
        assertThat(Arrays.copyOfRange(sent, 42, sent.length)).isEqualTo(payload);
    }

    @Test
    void aLargeTcpSegmentIsCutIntoFramesOfTheSegmentSizeWithTheirOwnHeadersAndChecksums() throws Exception {
        start(OptionalLong.empty());
        assertThat(driver.deviceFeatures() & 1L << 11).as("HOST_TSO4").isNotZero();
        int mss = 1448;
        byte[] payload = new byte[3000];
        new java.util.Random(3).nextBytes(payload);
        byte[] f = new byte[14 + 20 + 32 + payload.length];
        PEER.write(f, 0);
        MAC.write(f, 6);
        f[12] = 0x08;
        ByteBuffer.wrap(f, 14, 20).put((byte) 0x45).put((byte) 0).putShort((short) 0).putShort((short) 0x1234)
                .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0)
                .put(new byte[] {10, 0, 2, 15}).put(new byte[] {10, 0, 2, 2});
        ByteBuffer.wrap(f, 34, 32).putShort((short) 40000).putShort((short) 80).putInt(0xFFFFF000)
                .putInt(7).put((byte) 0x80).put((byte) (0x10 | 0x08 | 0x01 | 0x80)).putShort((short) 502);
        System.arraycopy(payload, 0, f, 66, payload.length);
        byte[] header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN).put(0, (byte) 1).put(1, (byte) 1)
                .putShort(2, (short) 66).putShort(4, (short) mss).putShort(6, (short) 34).putShort(8, (short) 16).array();

        transmit(header, f);
        driver.awaitUsed(TX, 1);

        assertThat(plug().sent).hasSize(3);
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            byte[] s = plug().sent.get(i);
            int length = Math.min(mss, payload.length - i * mss);
            assertThat(s).hasSize(66 + length);
            ByteBuffer ip = ByteBuffer.wrap(s);
            assertThat(ip.getShort(16) & 0xFFFF).as("IP total length").isEqualTo(20 + 32 + length);
            assertThat(ip.getShort(18) & 0xFFFF).as("IP identification").isEqualTo(0x1234 + i);
            assertThat(ones(s, 14, 20, 0)).as("IP checksum verifies").isEqualTo(0xFFFF);
            assertThat(ip.getInt(38)).as("sequence, wrapping").isEqualTo(0xFFFFF000 + i * mss);
            int flags = s[47] & 0xFF;
            assertThat(flags & 0x09).as("FIN and PSH on the last only").isEqualTo(i == 2 ? 0x09 : 0);
            assertThat(flags & 0x80).as("CWR on the first only").isEqualTo(i == 0 ? 0x80 : 0);
            long pseudo = 0x0A00 + 0x020F + 0x0A00 + 0x0202 + 6 + 32 + length;
            assertThat(ones(s, 34, s.length - 34, pseudo)).as("TCP checksum verifies").isEqualTo(0xFFFF);
            joined.write(s, 66, length);
        }
        assertThat(joined.toByteArray()).isEqualTo(payload);
        assertThat(nic.counters().txFrames()).isEqualTo(3);
    }

    /** The folded ones' complement sum of a region plus {@code start}; 0xFFFF when a checksum in it verifies. */
    private static long ones(byte[] b, int offset, int length, long start) {
        long sum = start;
        for (int i = offset; i < offset + length; i += 2) {
            sum += (b[i] & 0xFF) << 8 | (i + 1 < offset + length ? b[i + 1] & 0xFF : 0);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }

    @Test
    void aFrameFromTheNetworkLandsBehindAHeaderInAPostedBuffer() throws Exception {
        start(OptionalLong.empty());
        long buffer = postReceiveBuffer(HEADER + 1518);
        byte[] frame = frame(MAC, PEER, 300, 2);
        driver.irq[0] = false;
        plug().deliver(frame);

        driver.awaitUsed(RX, 1);
        assertThat(driver.usedLength(RX, 0)).isEqualTo(HEADER + frame.length);
        byte[] header = guestBytes(buffer, HEADER);
        assertThat(header[10]).as("num_buffers").isEqualTo((byte) 1);
        assertThat(header[0]).as("DATA_VALID: the driver took GUEST_CSUM").isEqualTo((byte) 2);
        assertThat(Arrays.copyOfRange(header, 1, 10)).as("no segmentation").containsOnly(0);
        assertThat(guestBytes(buffer + HEADER, frame.length)).isEqualTo(frame);
        assertThat(driver.irq[0]).as("used-buffer interrupt").isTrue();
        assertThat(nic.counters()).isEqualTo(new PortCounters(1, frame.length, 0, 0, 0));
    }

    @Test
    void aDriverThatVerifiesChecksumsItselfGetsNoDataValidFlag() throws Exception {
        driver = new TestDriver(memory -> nic = VirtioNet.plug(memory, MAC, network, OptionalInt.empty(), OptionalLong.empty()));
        assertThat(driver.negotiate(driver.deviceFeatures() & ~(1L << 1))).isTrue();
        driver.setUpQueue(RX);
        driver.setUpQueue(TX);
        driver.reg(0x070, TestDriver.ACKNOWLEDGE | TestDriver.DRIVER | TestDriver.FEATURES_OK | TestDriver.DRIVER_OK);
        long buffer = postReceiveBuffer(HEADER + 1518);
        plug().deliver(frame(MAC, PEER, 60, 16));
        driver.awaitUsed(RX, 1);
        assertThat(guestBytes(buffer, 1)[0]).isZero();
    }

    @Test
    void framesArrivingBeforeBuffersWaitAndTheBacklogIsBounded() throws Exception {
        start(OptionalLong.empty());
        for (int i = 0; i < 1000; i++) {
            plug().deliver(frame(MAC, PEER, 100, i));
        }
        assertThat(nic.counters().drops()).as("frames beyond the backlog").isEqualTo(1000 - 256);
        for (int i = 0; i < TestDriver.QUEUE_SIZE; i++) {
            postReceiveBuffer(HEADER + 1518);
        }
        driver.awaitUsed(RX, TestDriver.QUEUE_SIZE);
        assertThat(guestBytes(DATA + HEADER, 114)).as("the oldest frame first").isEqualTo(frame(MAC, PEER, 100, 0));
        assertThat(nic.counters().rxFrames()).isEqualTo(TestDriver.QUEUE_SIZE);
    }

    @Test
    void aTransmitChainWithAWritableBufferIsReturnedEmptyAndNothingIsSent() throws Exception {
        start(OptionalLong.empty());
        byte[] frame = frame(PEER, MAC, 64, 3);
        long writable = room(64);
        driver.memory.write(writable, new byte[64], 0, 64);
        driver.post(TX, new TestDriver.Buffer(place(plainHeader()), HEADER, false),
                new TestDriver.Buffer(place(frame), frame.length, false), new TestDriver.Buffer(writable, 64, true));
        driver.awaitUsed(TX, 1);
        assertThat(driver.usedLength(TX, 0)).isZero();
        assertThat(guestBytes(writable, 64)).containsOnly(0);
        assertThat(plug().sent).isEmpty();
        assertThat(nic.counters().drops()).isEqualTo(1);
    }

    @Test
    void shortOversizedAndOffloadedFramesAreDroppedAndCountedWhileGoodOnesStillGo() throws Exception {
        start(OptionalLong.empty());
        transmit(plainHeader(), new byte[13]);
        transmit(plainHeader(), frame(PEER, MAC, 1519 - 14, 4));
        byte[] tso = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN).put(1, (byte) 1).putShort(4, (short) 1448).array();
        transmit(tso, frame(PEER, MAC, 100, 5));
        byte[] badChecksum = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN)
                .put(0, (byte) 1).putShort(6, (short) 100).putShort(8, (short) 20).array();
        transmit(badChecksum, frame(PEER, MAC, 100, 6));
        byte[] fullSize = frame(PEER, MAC, 1518 - 14, 7);
        transmit(plainHeader(), fullSize);
        driver.awaitUsed(TX, 5);

        assertThat(plug().sent).hasSize(1);
        assertThat(plug().sent.getFirst()).isEqualTo(fullSize);
        assertThat(nic.counters().drops()).isEqualTo(4);
        assertThat(driver.reg(0x070) & TestDriver.NEEDS_RESET).as("dropping is not a protocol error").isZero();
    }

    @Test
    void aNetworkOfVireosOwnHasLargeFramesSpreadOverMergeableBuffersWithTheirCount() throws Exception {
        network = new FakeNetwork(NetworkMode.LARGE_MTU);
        start(OptionalLong.empty(), true);
        assertThat(driver.transport.read(0x10A, 2)).as("mtu").isEqualTo(NetworkMode.LARGE_MTU);
        List<Long> buffers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            buffers.add(postReceiveBuffer(8192));
        }
        byte[] large = frame(MAC, PEER, NetworkMode.LARGE_MTU, 16);

        plug().deliver(large);
        int pieces = (HEADER + large.length + 8191) / 8192;
        driver.awaitUsed(RX, pieces);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        for (int i = 0; i < pieces; i++) {
            received.writeBytes(guestBytes(buffers.get(i), driver.usedLength(RX, i)));
        }
        byte[] whole = received.toByteArray();
        assertThat(ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN).getShort(10)).as("num_buffers").isEqualTo((short) pieces);
        assertThat(Arrays.copyOfRange(whole, HEADER, whole.length)).isEqualTo(large);
        assertThat(driver.usedCount(RX)).as("the buffers it did not need stay posted").isEqualTo(pieces);
    }

    @Test
    void aFrameWaitsForTheDriverToPostRoomForItRatherThanBeingDropped() throws Exception {
        start(OptionalLong.empty(), true);
        long first = postReceiveBuffer(1000);
        byte[] frame = frame(MAC, PEER, 1500, 17);

        plug().deliver(frame);
        long second = postReceiveBuffer(1000);
        driver.awaitUsed(RX, 2);
        byte[] whole = new byte[HEADER + frame.length];
        System.arraycopy(guestBytes(first, 1000), 0, whole, 0, 1000);
        System.arraycopy(guestBytes(second, whole.length - 1000), 0, whole, 1000, whole.length - 1000);
        assertThat(driver.usedLength(RX, 0) + driver.usedLength(RX, 1)).isEqualTo(whole.length);
        assertThat(Arrays.copyOfRange(whole, HEADER, whole.length)).isEqualTo(frame);
        assertThat(nic.counters().drops()).isZero();
    }

    @Test
    void aReceiveChainThatIsReadableOrTooSmallIsReturnedEmpty() throws Exception {
        start(OptionalLong.empty());
        long readable = place(new byte[2000]);
        driver.post(RX, new TestDriver.Buffer(readable, 2000, false));
        long small = room(100);
        driver.post(RX, new TestDriver.Buffer(small, 100, true));
        long good = postReceiveBuffer(HEADER + 1518);
        byte[] big = frame(MAC, PEER, 1000, 8);
        byte[] next = frame(MAC, PEER, 40, 9);

        plug().deliver(big);
        driver.awaitUsed(RX, 2);
        assertThat(driver.usedLength(RX, 0)).as("readable chain").isZero();
        assertThat(driver.usedLength(RX, 1)).as("chain smaller than the frame").isZero();
        assertThat(guestBytes(readable, 2000)).containsOnly(0);
        assertThat(guestBytes(small, 100)).containsOnly(0);

        plug().deliver(next);
        driver.awaitUsed(RX, 3);
        assertThat(driver.usedLength(RX, 2)).isEqualTo(HEADER + next.length);
        assertThat(guestBytes(good + HEADER, next.length)).isEqualTo(next);
        assertThat(nic.counters().drops()).as("the frame too big for its buffer").isEqualTo(1);
    }

    @Test
    void takingTheLinkDownTellsTheDriverAndStopsFramesBothWays() throws Exception {
        start(OptionalLong.empty());
        driver.irq[0] = false;
        nic.setLinkUp(false);

        assertThat(nic.linkUp()).isFalse();
        assertThat(driver.transport.read(0x106, 2)).as("status: link down").isZero();
        assertThat(driver.reg(0x060) & 2).as("configuration-change interrupt").isEqualTo(2);
        assertThat(driver.irq[0]).isTrue();
        postReceiveBuffer(HEADER + 1518);
        plug().deliver(frame(MAC, PEER, 50, 10));
        transmit(plainHeader(), frame(PEER, MAC, 50, 11));
        driver.awaitUsed(TX, 1);
        assertThat(plug().sent).isEmpty();
        assertThat(driver.usedCount(RX)).isZero();
        assertThat(nic.counters().drops()).isEqualTo(2);

        int generation = driver.reg(0x0FC);
        nic.setLinkUp(true);
        assertThat(driver.transport.read(0x106, 2)).isEqualTo(1);
        assertThat(driver.reg(0x0FC)).as("configuration generation").isNotEqualTo(generation);
        plug().deliver(frame(MAC, PEER, 50, 12));
        driver.awaitUsed(RX, 1);
    }

    @Test
    void framesBeforeTheDriverIsReadyAreDroppedAndCounted() {
        driver = new TestDriver(memory -> nic = VirtioNet.plug(memory, MAC, network, OptionalInt.empty(), OptionalLong.empty()));
        plug().deliver(frame(MAC, PEER, 50, 13));
        assertThat(nic.counters().drops()).isEqualTo(1);
    }

    @Test
    void twoNicsOnOneWireHearEachOther() throws Exception {
        start(OptionalLong.empty());
        TestDriver other = new TestDriver(memory -> VirtioNet.plug(memory, PEER, network, OptionalInt.empty(), OptionalLong.empty()));
        try {
            other.start(2);
            other.post(RX, new TestDriver.Buffer(DATA, HEADER + 1518, true));
            byte[] frame = frame(PEER, MAC, 500, 14);
            transmit(plainHeader(), frame);
            other.awaitUsed(RX, 1);
            byte[] received = new byte[frame.length];
            other.memory.read(DATA + HEADER, received, 0, frame.length);
            assertThat(received).isEqualTo(frame);
        } finally {
            network.plugs.get(1).close();
            other.close();
        }
    }

    @Test
    void closingUnplugsTheNic() {
        start(OptionalLong.empty());
        nic.close();
        assertThat(plug().closed).isTrue();
    }

    @Test
    void aRateLimitSpacesFramesOutWithoutLosingThem() throws Exception {
        long rate = 200_000;
        start(OptionalLong.of(rate));
        byte[] frame = frame(PEER, MAC, 1500, 15);
        int frames = 160; // 240 KB: the 64 KiB burst, then about 0.9 s at the limit
        long began = System.nanoTime();
        for (int sent = 0; sent < frames; sent += TestDriver.QUEUE_SIZE / 4) {
            nextData = DATA;
            for (int i = 0; i < TestDriver.QUEUE_SIZE / 4; i++) {
                driver.post(TX, new TestDriver.Buffer(place(plainHeader()), HEADER, false),
                        new TestDriver.Buffer(place(frame), frame.length, false));
            }
            driver.awaitUsed(TX, sent + TestDriver.QUEUE_SIZE / 4);
        }
        Await.until(() -> plug().sent.size() == frames, Duration.ofSeconds(10), () -> plug().sent.size() + " frames sent");
        double seconds = (System.nanoTime() - began) / 1e9;
        long bytes = (long) frames * frame.length;
        assertThat(seconds).as("at most the burst goes above the rate").isGreaterThan((bytes - (64 << 10) - 2 * frame.length) / (double) rate);
        assertThat(nic.counters().drops()).isZero();
    }
}
