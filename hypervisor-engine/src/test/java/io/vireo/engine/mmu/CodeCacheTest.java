package io.vireo.engine.mmu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CodeCacheTest {
    @Test
    void aPageNobodyEnteredSinceTheLastSweepLosesItsDecodesAndComesBackEmpty() {
        CodeCache code = new CodeCache(16 << 12);
        DecodeSlots idle = code.page(3);
        DecodeSlots busy = code.page(5);
        idle.set(7, 42);
        busy.set(7, 43);
        List<Integer> evicted = new ArrayList<>();

        assertThat(code.evictIdle(evicted::add)).as("both were entered since the start").isZero();
        code.page(5);
        int generation = code.generation(3);
        assertThat(code.evictIdle(evicted::add)).isEqualTo(1);

        assertThat(evicted).containsExactly(3);
        assertThat(idle.get(7)).as("a hart still holding the slots finds nothing to run").isZero();
        assertThat(code.generation(3)).as("a translation made from them meanwhile is stale").isNotEqualTo(generation);
        assertThat(code.page(3)).as("entered again: fresh slots").isNotSameAs(idle);
        assertThat(code.page(3).get(7)).isZero();
        assertThat(code.page(5)).isSameAs(busy);
        assertThat(busy.get(7)).isEqualTo(43);
        assertThat(busy.get(6)).isZero();
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
