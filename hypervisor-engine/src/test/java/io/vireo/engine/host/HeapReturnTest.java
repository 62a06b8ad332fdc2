package io.vireo.engine.host;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** A process that runs machines collects when idle and keeps little free heap committed after a collection. */
class HeapReturnTest {
    @Test
    void theJvmTakesThePeriodicCollectionAndTheTighterFreeHeapBounds() {
        assertThat(HeapReturn.install()).isTrue();

        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        assertThat(hotspot.getVMOption("G1PeriodicGCInterval").getValue()).isEqualTo("30000");
        assertThat(hotspot.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo("10");
        assertThat(hotspot.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("30");
    }
}
