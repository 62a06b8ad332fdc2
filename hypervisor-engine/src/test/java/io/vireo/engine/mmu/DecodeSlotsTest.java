package io.vireo.engine.mmu;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A page's decode slots hold what was stored in each, across chunk boundaries, until cleared. */
class DecodeSlotsTest {
    @Test
    void everySlotHoldsItsOwnDecodeUntilTheSlotsAreCleared() {
        DecodeSlots slots = new DecodeSlots();
        assertThat(slots.get(0)).isZero();
        for (int slot = 0; slot < DecodeSlots.SLOTS; slot += 61) {
            assertThat(slots.set(slot, 1000L + slot)).isEqualTo(1000L + slot);
        }
        for (int slot = 0; slot < DecodeSlots.SLOTS; slot++) {
            assertThat(slots.get(slot)).as("slot %d", slot).isEqualTo(slot % 61 == 0 ? 1000L + slot : 0);
        }

        slots.clear();

        for (int slot = 0; slot < DecodeSlots.SLOTS; slot += 61) {
            assertThat(slots.get(slot)).isZero();
        }
    }
}
