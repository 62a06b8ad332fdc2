package io.vireo.engine.cpu.jit;

/**
 * A run of guest instructions from one page compiled to JVM bytecode. It either returns the next pc
 * with {@link BlockContext#retired} set (at most {@link #instructions}: a taken branch leaves early), or a
 * load or store faults: then the instructions before it have retired (their register writes are in
 * place), {@link BlockContext#faultPoint} says which one faulted, and the fault propagates.
 */
public abstract class TranslatedBlock {
    /** The most instructions one run can retire. */
    public final int instructions;

    protected TranslatedBlock(int instructions) {
        this.instructions = instructions;
    }

    /** Runs the block that starts at virtual address {@code pc}; returns the pc of the next instruction. */
    public abstract long run(BlockContext context, long pc);

    /** Instructions retired before the faulting one, from a {@link BlockContext#faultPoint}. */
    public static int retiredBeforeFault(int faultPoint) {
        return faultPoint >>> 16;
    }

    /** Byte offset from the block's start pc to the faulting instruction, from a {@link BlockContext#faultPoint}. */
    public static int faultOffset(int faultPoint) {
        return faultPoint & 0xFFFF;
    }

    static int faultPoint(int retired, int offset) {
        return retired << 16 | offset;
    }
}
