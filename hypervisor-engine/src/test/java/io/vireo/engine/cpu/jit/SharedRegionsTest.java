package io.vireo.engine.cpu.jit;

import io.vireo.engine.testing.Asm;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.WeakReference;
import java.nio.ByteOrder;

import static io.vireo.engine.testing.Asm.*;
import static org.assertj.core.api.Assertions.assertThat;

class SharedRegionsTest {
    @Test
    void machinesRunningTheSameCodeShareItsTranslation() {
        int[] loop = {Asm.i(1, A0, 0, A0, 0x13), Asm.i(2, A1, 0, A1, 0x13), Asm.j(-8, ZERO)};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = page(arena, 0x3000, loop);
            MemorySegment other = page(arena, 0x7000, loop);
            loop[1] = Asm.i(3, A1, 0, A1, 0x13);
            MemorySegment changed = page(arena, 0x3000, loop);

            TranslatedRegion first = SharedRegions.instance().translate(RegionFinder.find(one, 0x3000, 0x40, o -> true));
            TranslatedRegion second = SharedRegions.instance().translate(RegionFinder.find(other, 0x7000, 0x40, o -> true));
            TranslatedRegion third = SharedRegions.instance().translate(RegionFinder.find(changed, 0x3000, 0x40, o -> true));

            assertThat(second).as("same instructions at the same page offset elsewhere").isSameAs(first);
            assertThat(third).as("one instruction differs").isNotSameAs(first);
        }
    }

    @Test
    void aRegionNoMachineHoldsAnyMoreIsStillThereForTheNextMachineThatRunsItsCode() {
        int[] loop = {Asm.i(5, A2, 0, A2, 0x13), Asm.i(7, A3, 0, A3, 0x13), Asm.j(-8, ZERO)};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ram = page(arena, 0x5000, loop);
            WeakReference<TranslatedRegion> first = new WeakReference<>(
                    SharedRegions.instance().translate(RegionFinder.find(ram, 0x5000, 0x40, o -> true)));
            for (int i = 0; i < 3; i++) {
                System.gc();
            }

            assertThat(first.get()).as("kept though its machine is gone").isNotNull();
            assertThat(SharedRegions.instance().translate(RegionFinder.find(ram, 0x5000, 0x40, o -> true)))
                    .as("the next machine runs the class already compiled").isSameAs(first.get());
        }
    }

    /** RAM of {@code size} bytes holding {@code words} at offset 0x40 of the last page. */
    private static MemorySegment page(Arena arena, long size, int[] words) {
        MemorySegment ram = arena.allocate(size + 0x1000);
        for (int i = 0; i < words.length; i++) {
            ram.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), size + 0x40 + 4L * i, words[i]);
        }
        return ram;
    }
}
