package io.vireo.engine.network.sw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.network.FrameReceiver;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.ManualClock;
import io.vireo.engine.network.PortCounters;
import io.vireo.engine.network.SwitchPort;
import io.vireo.engine.network.frame.EthernetFrame;
import io.vireo.engine.network.frame.FrameException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VirtualSwitchTest {
    static final MacAddress A = MacAddress.parse("52:56:00:00:00:0a");
    static final MacAddress B = MacAddress.parse("52:56:00:00:00:0b");
    static final MacAddress C = MacAddress.parse("52:56:00:00:00:0c");
    static final MacAddress OUTSIDE = MacAddress.parse("02:00:00:00:00:99");
    static final MacAddress MULTICAST = MacAddress.parse("01:00:5e:00:00:01");

    private final ManualClock clock = new ManualClock();
    private final VirtualSwitch sw = new VirtualSwitch(clock, Duration.ofMinutes(5));

    /** A receiver that keeps copies of what it got, parsed. */
    static final class Inbox implements FrameReceiver {
        final List<EthernetFrame> frames = new CopyOnWriteArrayList<>();

        @Override
        public void receive(ByteBuffer frame) {
            byte[] copy = new byte[frame.remaining()];
            frame.get(copy);
            try {
                frames.add(EthernetFrame.parse(copy, 0, copy.length));
            } catch (FrameException e) {
                throw new AssertionError(e);
            }
        }

        List<MacAddress> sources() {
            return frames.stream().map(EthernetFrame::source).toList();
        }
    }

    static ByteBuffer frame(MacAddress to, MacAddress from) {
        return frame(to, from, EthernetFrame.UNTAGGED, 46);
    }

    static ByteBuffer frame(MacAddress to, MacAddress from, int vlan, int payload) {
        byte[] out = new byte[EthernetFrame.TAGGED_HEADER + payload];
        int header = EthernetFrame.writeHeader(out, 0, to, from, vlan, EthernetFrame.IPV4);
        return ByteBuffer.wrap(out, 0, header + payload);
    }

    @Test
    void unknownUnicastFloodsAndALearnedAddressIsReachedAlone() {
        Inbox a = new Inbox();
        Inbox b = new Inbox();
        Inbox c = new Inbox();
        SwitchPort portA = sw.plug(A, OptionalInt.empty(), a);
        SwitchPort portB = sw.plug(B, OptionalInt.empty(), b);
        sw.plug(C, OptionalInt.empty(), c);

        portA.send(frame(B, A));
        assertThat(b.sources()).containsExactly(A);
        assertThat(c.sources()).as("B unknown yet: flooded").containsExactly(A);
        assertThat(a.frames).as("never back to the sender").isEmpty();

        portB.send(frame(A, B));
        assertThat(a.sources()).containsExactly(B);
        assertThat(c.frames).as("A was learned").hasSize(1);

        portA.send(frame(B, A));
        assertThat(b.frames).hasSize(2);
        assertThat(c.frames).as("B was learned").hasSize(1);
    }

    @Test
    void broadcastAndMulticastReachEveryOtherPort() {
        Inbox b = new Inbox();
        Inbox gateway = new Inbox();
        SwitchPort portA = sw.plug(A, OptionalInt.empty(), new Inbox());
        sw.plug(B, OptionalInt.empty(), b);
        sw.plugTrusted(gateway);

        portA.send(frame(MacAddress.BROADCAST, A));
        portA.send(frame(MULTICAST, A));
        assertThat(b.frames).extracting(EthernetFrame::destination).containsExactly(MacAddress.BROADCAST, MULTICAST);
        assertThat(gateway.frames).extracting(EthernetFrame::destination)
                .containsExactly(MacAddress.BROADCAST, MULTICAST);
    }

    @Test
    void aLearnedAddressAgesOutAndIsFloodedAgain() {
        Inbox b = new Inbox();
        Inbox c = new Inbox();
        SwitchPort portA = sw.plug(A, OptionalInt.empty(), new Inbox());
        SwitchPort portB = sw.plug(B, OptionalInt.empty(), b);
        sw.plug(C, OptionalInt.empty(), c);
        portB.send(frame(MacAddress.BROADCAST, B));

        clock.advance(Duration.ofMinutes(4));
        portA.send(frame(B, A));
        assertThat(c.frames).as("still learned after 4 minutes").hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        portA.send(frame(B, A));
        assertThat(c.frames).as("aged out after 5 minutes of silence").hasSize(2);
        assertThat(b.frames).hasSize(2);
    }

    @Test
    void trafficKeepsAnAddressFresh() {
        Inbox c = new Inbox();
        SwitchPort portA = sw.plug(A, OptionalInt.empty(), new Inbox());
        SwitchPort portB = sw.plug(B, OptionalInt.empty(), new Inbox());
        sw.plug(C, OptionalInt.empty(), c);
        for (int minute = 0; minute < 36; minute += 3) {
            portB.send(frame(MacAddress.BROADCAST, B));
            clock.advance(Duration.ofMinutes(3));
        }
        int flooded = c.frames.size();
        portA.send(frame(B, A));
        assertThat(c.frames).as("B spoke every 3 minutes: still known after 36").hasSize(flooded);
    }

    @Test
    void aPortSendingAsAnotherMacIsDroppedAndCounted() {
        Inbox b = new Inbox();
        SwitchPort portA = sw.plug(A, OptionalInt.empty(), new Inbox());
        SwitchPort portB = sw.plug(B, OptionalInt.empty(), b);
        portB.send(frame(MacAddress.BROADCAST, B));

        portA.send(frame(MacAddress.BROADCAST, C));
        portA.send(frame(B, B));
        portA.send(frame(MacAddress.BROADCAST, MULTICAST));

        assertThat(b.frames).as("nothing spoofed arrives").isEmpty();
        assertThat(portA.counters()).isEqualTo(new PortCounters(1, 60, 0, 0, 3));
        // The spoofed frame did not teach the switch that B lives at A's port.
        sw.plug(C, OptionalInt.empty(), new Inbox()).send(frame(B, C));
        assertThat(b.frames).hasSize(1);
    }

    @Test
    void theGatewayMaySendFromAnyAddress() {
        Inbox a = new Inbox();
        sw.plug(A, OptionalInt.empty(), a);
        SwitchPort gateway = sw.plugTrusted(new Inbox());

        gateway.send(frame(A, OUTSIDE));
        gateway.send(frame(A, MacAddress.parse("02:00:00:00:00:98")));
        assertThat(a.sources()).containsExactly(OUTSIDE, MacAddress.parse("02:00:00:00:00:98"));
        assertThat(gateway.counters().drops()).isZero();
    }

    @Test
    void vlansNeverMeetAndTheTrunkSeesTheirTags() {
        Inbox red1 = new Inbox();
        Inbox red2 = new Inbox();
        Inbox blue = new Inbox();
        Inbox plain = new Inbox();
        Inbox trunk = new Inbox();
        SwitchPort redPort = sw.plug(A, OptionalInt.of(10), red1);
        sw.plug(B, OptionalInt.of(10), red2);
        SwitchPort bluePort = sw.plug(C, OptionalInt.of(20), blue);
        sw.plug(OUTSIDE, OptionalInt.empty(), plain);
        SwitchPort trunkPort = sw.plugTrusted(trunk);

        redPort.send(frame(MacAddress.BROADCAST, A));
        bluePort.send(frame(A, C));

        assertThat(red2.sources()).containsExactly(A);
        assertThat(red2.frames.getFirst().tagged()).as("access ports see untagged frames").isFalse();
        assertThat(red1.frames).as("C's frame to A stays in VLAN 20").isEmpty();
        assertThat(blue.frames).isEmpty();
        assertThat(plain.frames).isEmpty();
        assertThat(trunk.frames).extracting(EthernetFrame::vlan).containsExactly(10, 20);
        assertThat(trunk.frames.getFirst().payloadLength()).isEqualTo(46);

        trunkPort.send(frame(A, OUTSIDE, 10, 46));
        trunkPort.send(frame(MacAddress.BROADCAST, OUTSIDE, 20, 46));
        assertThat(red1.sources()).containsExactly(OUTSIDE);
        assertThat(red1.frames.getFirst().tagged()).isFalse();
        assertThat(red1.frames.getFirst().payloadLength()).isEqualTo(46);
        assertThat(blue.sources()).containsExactly(OUTSIDE);
        assertThat(red2.frames).hasSize(1);
    }

    @Test
    void aNicCannotTagItsWayIntoAnotherVlan() {
        Inbox blue = new Inbox();
        SwitchPort red = sw.plug(A, OptionalInt.of(10), new Inbox());
        sw.plug(C, OptionalInt.of(20), blue);
        red.send(frame(MacAddress.BROADCAST, A, 20, 46));
        assertThat(blue.frames).isEmpty();
        assertThat(red.counters().drops()).isEqualTo(1);
    }

    @Test
    void anUnpluggedPortReceivesNothingAndItsAddressIsForgotten() {
        Inbox b = new Inbox();
        Inbox c = new Inbox();
        SwitchPort portA = sw.plug(A, OptionalInt.empty(), new Inbox());
        SwitchPort portB = sw.plug(B, OptionalInt.empty(), b);
        sw.plug(C, OptionalInt.empty(), c);
        portB.send(frame(A, B));
        assertThat(sw.learnedAddresses()).isEqualTo(1);

        portB.close();
        portA.send(frame(B, A));
        portA.send(frame(MacAddress.BROADCAST, A));
        portB.send(frame(A, B));

        assertThat(b.frames).isEmpty();
        assertThat(c.frames).as("B's address forgotten: flooded").hasSize(3);
        assertThat(portB.counters().drops()).as("a closed port's send is dropped").isEqualTo(1);

        SwitchPort again = sw.plug(B, OptionalInt.empty(), b);
        portA.send(frame(B, A));
        assertThat(b.frames).as("the MAC can plug in again").hasSize(1);
        assertThatThrownBy(() -> sw.plug(B, OptionalInt.empty(), new Inbox())).hasMessageContaining("already plugged");
        again.close();
    }

    @Test
    void countersAreFromTheNicsPointOfView() {
        SwitchPort portA = sw.plug(A, OptionalInt.empty(), new Inbox());
        SwitchPort portB = sw.plug(B, OptionalInt.empty(), new Inbox());
        portA.send(frame(B, A, EthernetFrame.UNTAGGED, 100));
        portA.send(frame(B, A, EthernetFrame.UNTAGGED, 200));
        portA.send(ByteBuffer.allocate(10));
        portA.send(ByteBuffer.allocate(VirtualSwitch.MAX_FRAME + 1));

        assertThat(portA.counters()).isEqualTo(new PortCounters(0, 0, 2, 328, 2));
        assertThat(portB.counters()).isEqualTo(new PortCounters(2, 328, 0, 0, 0));
    }

    @Test
    void theSendersBufferIsGivenBackAsItCame() {
        sw.plug(B, OptionalInt.of(5), new Inbox());
        sw.plugTrusted(frame -> frame.position(frame.limit()));
        ByteBuffer frame = frame(MacAddress.BROADCAST, A);
        int limit = frame.limit();
        sw.plug(A, OptionalInt.of(5), new Inbox()).send(frame);
        assertThat(frame.position()).isZero();
        assertThat(frame.limit()).isEqualTo(limit);
    }

    @Test
    void aFailingReceiverCostsOnlyItsOwnFrame() {
        Inbox c = new Inbox();
        SwitchPort portA = sw.plug(A, OptionalInt.empty(), new Inbox());
        SwitchPort broken = sw.plug(B, OptionalInt.empty(), frame -> {
            throw new IllegalStateException("receiver bug");
        });
        sw.plug(C, OptionalInt.empty(), c);
        portA.send(frame(MacAddress.BROADCAST, A));
        assertThat(c.frames).hasSize(1);
        assertThat(broken.counters().drops()).isEqualTo(1);
    }

    @Test
    void receiversThatAnswerAtOnceNestOnlySoDeep() {
        List<SwitchPort> ports = new ArrayList<>();
        // Two receivers that echo every broadcast they get: without a bound this would never return.
        ports.add(sw.plug(A, OptionalInt.empty(), frame -> ports.get(1).send(frame(MacAddress.BROADCAST, B))));
        ports.add(sw.plug(B, OptionalInt.empty(), frame -> ports.get(0).send(frame(MacAddress.BROADCAST, A))));
        ports.get(0).send(frame(MacAddress.BROADCAST, A));
        assertThat(ports.get(0).counters().drops() + ports.get(1).counters().drops()).isEqualTo(1);
    }

    @Test
    void aRateLimitedPortDropsWhatExceedsItsRateAndRecovers() {
        Inbox b = new Inbox();
        SwitchPort limited = sw.plug(A, OptionalInt.empty(), new Inbox(), OptionalLong.of(1_000_000));
        sw.plug(B, OptionalInt.empty(), b);
        // The bucket holds 100 ms of the rate (100 kB) but at least one largest frame (64 KiB + header).
        for (int i = 0; i < 200; i++) {
            limited.send(frame(B, A, EthernetFrame.UNTAGGED, 986));
        }
        assertThat(b.frames).hasSize(100);
        assertThat(limited.counters().drops()).isEqualTo(100);

        clock.advance(Duration.ofMillis(10));
        for (int i = 0; i < 20; i++) {
            limited.send(frame(B, A, EthernetFrame.UNTAGGED, 986));
        }
        assertThat(b.frames).as("10 ms at 1 MB/s: ten more 1000-byte frames").hasSize(110);
    }

    @Test
    void aTrustedPortCannotGrowTheAddressTableWithoutBound() {
        SwitchPort uplink = sw.plugTrusted(new Inbox());
        for (int i = 0; i < VirtualSwitch.MAC_TABLE_CAPACITY + 1000; i++) {
            uplink.send(frame(MacAddress.BROADCAST, new MacAddress(0x02_00_00_00_00_00L + i)));
        }
        assertThat(sw.learnedAddresses()).isEqualTo(VirtualSwitch.MAC_TABLE_CAPACITY);

        clock.advance(Duration.ofMinutes(6));
        uplink.send(frame(MacAddress.BROADCAST, A));
        assertThat(sw.learnedAddresses()).as("the aged entries were swept to make room").isEqualTo(1);
    }

    @Test
    void nicsAndTheGatewaySendingAtOnceLoseNothing() throws InterruptedException {
        int perSender = 20_000;
        AtomicLong gatewayGot = new AtomicLong();
        SwitchPort gateway = sw.plugTrusted(frame -> gatewayGot.incrementAndGet());
        MacAddress gatewayMac = MacAddress.parse("52:56:00:00:00:02");
        gateway.send(frame(MacAddress.BROADCAST, gatewayMac));
        List<SwitchPort> nics = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nics.add(sw.plug(new MacAddress(A.bits() + 0x100 * i), OptionalInt.empty(), frame -> { }));
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SwitchPort nic = nics.get(i);
            MacAddress mac = new MacAddress(A.bits() + 0x100 * i);
            threads.add(Thread.ofPlatform().start(() -> {
                for (int n = 0; n < perSender; n++) {
                    nic.send(frame(gatewayMac, mac));
                }
            }));
        }
        threads.add(Thread.ofPlatform().start(() -> {
            for (int n = 0; n < perSender; n++) {
                gateway.send(frame(new MacAddress(A.bits() + 0x100 * (n % 3)), gatewayMac));
            }
        }));
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(gatewayGot.get()).isEqualTo(3L * perSender);
        long nicsGot = nics.stream().mapToLong(nic -> nic.counters().rxFrames()).sum();
        // Until a NIC first spoke, the gateway's frames to it were flooded to all three.
        assertThat(nicsGot).isBetween((long) perSender, 3L * perSender);
        assertThat(nics.stream().mapToLong(nic -> nic.counters().txFrames()).sum()).isEqualTo(3L * perSender);
    }

    @Test
    void randomBytesFromAnyPortNeverEscapeAsAnException() {
        Random random = new Random(16);
        SwitchPort nic = sw.plug(A, OptionalInt.of(3), new Inbox());
        SwitchPort plain = sw.plug(B, OptionalInt.empty(), frame -> { });
        SwitchPort trunk = sw.plugTrusted(frame -> { });
        List<SwitchPort> senders = List.of(nic, plain, trunk);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(100)];
            random.nextBytes(bytes);
            if (random.nextBoolean() && bytes.length >= 12) {
                // Half the frames come from a plausible source, so they get past anti-spoofing.
                A.write(bytes, 6);
                if (random.nextBoolean() && bytes.length >= 14) {
                    bytes[12] = (byte) 0x81;
                    bytes[13] = 0;
                }
            }
            senders.get(random.nextInt(senders.size())).send(ByteBuffer.wrap(bytes));
        }
        PortCounters counted = nic.counters();
        assertThat(counted.txFrames() + counted.drops()).isPositive();
        assertThat(plain.counters().rxFrames()).isPositive();
    }
}
