package io.vireo.engine.devices;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PLIC as a hart's driver programs it: priorities, per-context enables and thresholds, claim and complete. */
class PlicTest {
    private static final long PENDING = 0x1000, ENABLE = 0x2000, CONTEXT = 0x200000;

    private final boolean[] wire = new boolean[2];
    private final Plic plic = new Plic(2, (context, asserted) -> wire[context] = asserted);

    private void priority(int source, int value) {
        plic.write(4L * source, 4, value);
    }

    private void enable(int context, long sources) {
        plic.write(ENABLE + 0x80L * context, 4, sources & 0xFFFFFFFFL);
        plic.write(ENABLE + 0x80L * context + 4, 4, sources >>> 32);
    }

    private void threshold(int context, int value) {
        plic.write(CONTEXT + 0x1000L * context, 4, value);
    }

    private int claim(int context) {
        return (int) plic.read(CONTEXT + 0x1000L * context + 4, 4);
    }

    private void complete(int context, int source) {
        plic.write(CONTEXT + 0x1000L * context + 4, 4, source);
    }

    @Test
    void anEnabledSourceAboveTheThresholdInterruptsUntilClaimed() {
        InterruptLine uart = plic.line(10);
        priority(10, 1);
        enable(0, 1L << 10);
        uart.set(true);
        assertThat(wire[0]).isTrue();
        assertThat(wire[1]).as("not enabled for hart 1").isFalse();
        assertThat(plic.read(PENDING, 4)).isEqualTo(1L << 10);

        assertThat(claim(0)).isEqualTo(10);
        assertThat(wire[0]).as("claimed: no longer pending").isFalse();
        assertThat(plic.read(PENDING, 4)).isZero();
        assertThat(claim(0)).as("nothing else to claim").isZero();

        uart.set(false);
        complete(0, 10);
        assertThat(wire[0]).as("the line went low before completion").isFalse();
    }

    @Test
    void aLevelStillHighAtCompletionIsPendingAgain() {
        InterruptLine disk = plic.line(1);
        priority(1, 3);
        enable(0, 1L << 1);
        disk.set(true);
        assertThat(claim(0)).isEqualTo(1);
        disk.set(false);
        disk.set(true);
        assertThat(wire[0]).as("a claimed source is not re-raised before it is completed").isFalse();
        complete(0, 1);
        assertThat(wire[0]).isTrue();
        assertThat(claim(0)).isEqualTo(1);
    }

    @Test
    void thresholdsMaskPrioritiesAtOrBelowThem() {
        InterruptLine line = plic.line(5);
        priority(5, 2);
        enable(0, 1L << 5);
        threshold(0, 2);
        line.set(true);
        assertThat(wire[0]).isFalse();
        assertThat(claim(0)).isZero();
        threshold(0, 1);
        assertThat(wire[0]).isTrue();
        assertThat(plic.read(CONTEXT, 4)).isEqualTo(1);
        priority(5, 0);
        assertThat(wire[0]).as("priority 0 never interrupts").isFalse();
    }

    @Test
    void theHighestPriorityIsClaimedFirstAndTiesGoToTheLowerSource() {
        for (int source : new int[] {3, 4, 40}) {
            priority(source, source == 40 ? 7 : 5);
            plic.line(source).set(true);
        }
        enable(1, (1L << 3) | (1L << 4) | (1L << 40));
        assertThat(plic.read(ENABLE + 0x80 + 4, 4)).as("enable word of sources 32..63").isEqualTo(1L << 8);
        assertThat(plic.read(PENDING + 4, 4)).as("pending word of sources 32..63").isEqualTo(1L << 8);
        assertThat(claim(1)).isEqualTo(40);
        assertThat(claim(1)).isEqualTo(3);
        assertThat(claim(1)).isEqualTo(4);
        assertThat(claim(0)).as("context 0 enabled none of them").isZero();
    }

    @Test
    void eachContextHasItsOwnEnablesAndThresholdAndSourceZeroDoesNotExist() {
        priority(7, 1);
        plic.line(7).set(true);
        enable(1, 1L << 7);
        assertThat(wire).containsExactly(false, true);
        enable(0, 1L << 7);
        threshold(1, 7);
        assertThat(wire).containsExactly(true, false);

        enable(0, 1L);
        assertThat(plic.read(ENABLE, 4) & 1).as("source 0 cannot be enabled").isZero();
        priority(0, 5);
        assertThat(plic.read(0, 4)).isZero();
        priority(7, 0xFF);
        assertThat(plic.read(4L * 7, 4)).as("priorities are three bits").isEqualTo(7);
        assertThatThrownBy(() -> plic.line(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> plic.line(Plic.MAX_SOURCES)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accessesOtherThanFourBytesReadZeroAndChangeNothing() {
        priority(2, 4);
        plic.write(8, 1, 1);
        assertThat(plic.read(8, 1)).isZero();
        assertThat(plic.read(8, 4)).isEqualTo(4);
        assertThat(plic.size()).as("two contexts' registers").isEqualTo(CONTEXT + 2 * 0x1000);
    }
}
