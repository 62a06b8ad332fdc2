package io.vireo.engine.cpu.jit;

/**
 * What the translation tier has done since its machine was made: regions compiled and the guest
 * instructions they hold, the host time spent finding, generating and defining them (not HotSpot's own
 * compiles of the classes, which happen later on its compiler threads), regions that came out too large
 * to define, and translations thrown away because the guest wrote their page meanwhile.
 */
public record TranslationStats(long regionsCompiled, long instructionsCompiled, long compileNanos, long tooLarge,
                               long discarded) {
    public static final TranslationStats ZERO = new TranslationStats(0, 0, 0, 0, 0);
}
