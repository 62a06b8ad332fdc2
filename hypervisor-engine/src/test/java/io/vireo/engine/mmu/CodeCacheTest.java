package io.vireo.engine.mmu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CodeCacheTest {
    @Test
    void aPageNobodyEnteredSinceTheLastSweepLosesItsDecodesAndComesBackEmpty() {
        CodeCache code = new CodeCache(16 << 12);
        long[] idle = code.page(3);
        long[] busy = code.page(5);
        idle[7] = 42;
        busy[7] = 43;
        List<Integer> evicted = new ArrayList<>();

        assertThat(code.evictIdle(evicted::add)).as("both were entered since the start").isZero();
        code.page(5);
        int generation = code.generation(3);
        assertThat(code.evictIdle(evicted::add)).isEqualTo(1);

        assertThat(evicted).containsExactly(3);
        assertThat(idle).as("a hart still holding the slots finds nothing to run").containsOnly(0L);
        assertThat(code.generation(3)).as("a translation made from them meanwhile is stale").isNotEqualTo(generation);
        assertThat(code.page(3)).as("entered again: fresh slots").isNotSameAs(idle).containsOnly(0L);
        assertThat(code.page(5)).isSameAs(busy).startsWith(0, 0, 0, 0, 0, 0, 0, 43);
    }

    @Test
    void aWriteToAPageWhoseSlotsWereEvictedStillInvalidatesTranslationsInFlight() {
        CodeCache code = new CodeCache(4 << 12);
        code.page(1);
        code.evictIdle(page -> { });
        code.evictIdle(page -> { });
        code.markCode(1);
        int generation = code.generation(1);

        code.written(1);

        assertThat(code.generation(1)).isNotEqualTo(generation);
    }
}
