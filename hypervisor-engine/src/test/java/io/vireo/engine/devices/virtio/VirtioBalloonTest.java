package io.vireo.engine.devices.virtio;

import io.vireo.engine.devices.virtio.balloon.VirtioBalloon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.vireo.engine.devices.virtio.TestDriver.RAM;
import static org.assertj.core.api.Assertions.assertThat;

class VirtioBalloonTest {
    private final TestDriver driver = new TestDriver(VirtioBalloon::new);

    @AfterEach
    void close() {
        driver.close();
    }

    private VirtioBalloon balloon() {
        return (VirtioBalloon) driver.transport.device();
    }

    @Test
    void inflatedPagesAreHandedBackToTheHostAndReadAsZero() throws Exception {
        driver.start(3);
        long page = RAM + 0x200000;
        for (int i = 0; i < 16; i++) {
            driver.memory.writeLong(page + 4096L * i, 0x1234);
        }
        long pfns = RAM + 0x300000;
        for (int i = 0; i < 16; i++) {
            driver.memory.writeInt(pfns + 4L * i, (int) ((page >>> 12) + i));
        }
        // The queue's own pages get touched by the request: make them resident before measuring.
        driver.memory.writeLong(TestDriver.desc(0) + 0xF00, 0);
        driver.memory.writeLong(TestDriver.used(0) + 0xF00, 0);
        long residentBefore = driver.memory.residentBytes();
        driver.post(0, new TestDriver.Buffer(pfns, 64, false));
        driver.awaitUsed(0, 1);
        assertThat(residentBefore - driver.memory.residentBytes()).isGreaterThanOrEqualTo(16 * 4096L);
        assertThat(driver.memory.readLong(page)).isZero();
    }

    @Test
    void theHostTargetReachesTheGuestAsAConfigurationChange() {
        driver.start(3);
        balloon().setTargetPages(2560);
        assertThat(driver.transport.read(0x100, 4)).isEqualTo(2560L);
        assertThat(driver.reg(0x060) & 2).isEqualTo(2);
        driver.transport.write(0x104, 4, 2560);
        assertThat(balloon().actualPages()).isEqualTo(2560);
    }

    @Test
    void statisticsArriveOnTheStatsQueue() {
        driver.start(3);
        long stats = RAM + 0x300000;
        driver.memory.writeShort(stats, (short) 4);        // free memory
        driver.memory.writeLong(stats + 2, 123L << 20);
        driver.post(2, new TestDriver.Buffer(stats, 10, false));
        assertThat(balloon().statistics()).containsEntry("free-memory", 123L << 20);
    }

    @Test
    void aSavedBalloonKeepsItsTargetItsCountAndTheStatsBufferItHolds() {
        driver.start(3);
        balloon().setTargetPages(300);
        driver.transport.write(0x104, 4, 200);
        long stats = RAM + 0x300000;
        driver.post(2, new TestDriver.Buffer(stats, 10, false));
        assertThat(driver.usedCount(2)).as("the device holds the stats buffer").isZero();

        driver.transport.quiesce();
        VirtioMmioTransport.State saved = driver.transport.state();
        VirtioBalloon resumed = new VirtioBalloon(driver.memory);
        new VirtioMmioTransport(driver.memory, level -> { }, resumed).restore(saved);
        assertThat(resumed.targetPages()).isEqualTo(300);
        assertThat(resumed.actualPages()).isEqualTo(200);
        resumed.requestStatistics();
        assertThat(driver.usedCount(2)).as("the held buffer goes back to the driver for fresh figures").isEqualTo(1);
    }

    @Test
    void inflatingAPageOutsideRamIsAProtocolError() {
        driver.start(3);
        long pfns = RAM + 0x300000;
        driver.memory.writeInt(pfns, 0x10);
        driver.post(0, new TestDriver.Buffer(pfns, 4, false));
        assertThat(driver.reg(0x070) & TestDriver.NEEDS_RESET).isNotZero();
    }
}
