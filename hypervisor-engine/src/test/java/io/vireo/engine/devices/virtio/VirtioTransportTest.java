package io.vireo.engine.devices.virtio;

import io.vireo.engine.devices.virtio.rng.VirtioRng;
import io.vireo.engine.testing.AllocationBound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.vireo.engine.devices.virtio.TestDriver.RAM;
import static org.assertj.core.api.Assertions.assertThat;

class VirtioTransportTest {
    private final TestDriver driver = new TestDriver(VirtioRng::new);

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void identifiesAsAModernVirtioMmioDevice() {
        assertThat(driver.reg(0x000)).isEqualTo(0x74726976);
        assertThat(driver.reg(0x004)).as("version 2: modern only").isEqualTo(2);
        assertThat(driver.reg(0x008)).isEqualTo(4);
        assertThat(driver.deviceFeatures() & VirtioMmioTransport.F_VERSION_1).isNotZero();
        assertThat(driver.deviceFeatures() & VirtioMmioTransport.F_RING_EVENT_IDX).isNotZero();
    }

    @Test
    void aLegacyDriverWithoutVersion1IsRefusedAtFeaturesOk() {
        assertThat(driver.negotiate(0)).isFalse();
        assertThat(driver.negotiate(VirtioMmioTransport.F_VERSION_1)).isTrue();
    }

    @Test
    void rngFillsTheBufferAndRaisesTheUsedInterrupt() throws Exception {
        driver.start(1);
        driver.post(0, new TestDriver.Buffer(RAM + 0x100000, 64, true));
        driver.awaitUsed(0, 1);
        assertThat(driver.usedLength(0, 0)).isEqualTo(64);
        assertThat(driver.reg(0x060) & 1).isEqualTo(1);
        assertThat(driver.irq[0]).isTrue();
        driver.reg(0x064, 1);
        assertThat(driver.irq[0]).as("acknowledged").isFalse();
        byte[] filled = new byte[64];
        driver.memory.read(RAM + 0x100000, filled, 0, 64);
        assertThat(filled).isNotEqualTo(new byte[64]);
    }

    @Test
    void aLoopingChainSetsNeedsResetInsteadOfHangingOrThrowing() {
        driver.start(1);
        long d = TestDriver.desc(0);
        driver.memory.writeLong(d, RAM + 0x100000);
        driver.memory.writeInt(d + 8, 16);
        driver.memory.writeShort(d + 12, (short) (1 | 2));
        driver.memory.writeShort(d + 14, (short) 0);   // next = itself
        driver.publish(0, 0);
        assertThat(driver.reg(0x070) & TestDriver.NEEDS_RESET).isNotZero();
        assertThat(driver.reg(0x060) & 2).as("configuration-change interrupt").isEqualTo(2);
        assertThat(driver.transport.lastError()).contains("loop");
    }

    @Test
    void anIndirectTableLongerThanAnyChainIsRefusedBeforeTheWalkGrowsWithIt() {
        driver.start(1);
        long table = RAM + 0x100000;
        driver.memory.writeLong(table, RAM);            // a zero-length buffer whose next is itself
        driver.memory.writeShort(table + 12, (short) 1);
        long d = TestDriver.desc(0);
        driver.memory.writeLong(d, table);
        driver.memory.writeInt(d + 8, 2 << 20);          // 131072 descriptors
        driver.memory.writeShort(d + 12, (short) 4);
        AllocationBound.check(1 << 20, () -> driver.publish(0, 0));
        assertThat(driver.reg(0x070) & TestDriver.NEEDS_RESET).isNotZero();
        assertThat(driver.transport.lastError()).contains("indirect table of 131072 descriptors");
    }

    @Test
    void aQueueSelectorBelowZeroSelectsNoQueue() {
        driver.negotiate(driver.deviceFeatures());
        driver.reg(0x030, -1);
        assertThat(driver.reg(0x034)).as("maximum size of no queue").isZero();
        assertThat(driver.reg(0x044)).as("ready bit of no queue").isZero();
    }

    @Test
    void aBufferOutsideGuestRamSetsNeedsReset() {
        driver.start(1);
        driver.post(0, new TestDriver.Buffer(0x1000, 64, true));
        assertThat(driver.reg(0x070) & TestDriver.NEEDS_RESET).isNotZero();
        assertThat(driver.transport.lastError()).contains("outside guest RAM");
    }

    @Test
    void queueRingsOutsideRamAreRefusedWhenTheQueueIsEnabled() {
        driver.negotiate(driver.deviceFeatures());
        driver.reg(0x030, 0);
        driver.reg(0x038, 16);
        driver.reg(0x080, 0x10);
        driver.reg(0x044, 1);
        assertThat(driver.reg(0x044)).isZero();
        assertThat(driver.reg(0x070) & TestDriver.NEEDS_RESET).isNotZero();
    }

    @Test
    void writingStatusZeroResetsTheDevice() {
        driver.start(1);
        driver.reg(0x070, 0);
        assertThat(driver.reg(0x070)).isZero();
        driver.reg(0x030, 0);
        assertThat(driver.reg(0x044)).as("queue no longer ready").isZero();
    }
}
