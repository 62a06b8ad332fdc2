package io.vireo.engine.cpu;

import io.vireo.engine.mmu.Mmu;

/**
 * What RV64I's loads and stores do, defined once for the interpreter and translated regions (which call
 * these same methods): the width, and how a loaded value is extended to 64 bits. Translation, permission
 * checks and faults are the {@link Mmu}'s.
 */
public final class LoadStore {
    private LoadStore() {
    }

    public static long lb(Mmu mmu, long address) {
        return mmu.load8(address);
    }

    public static long lh(Mmu mmu, long address) {
        return mmu.load16(address);
    }

    public static long lw(Mmu mmu, long address) {
        return mmu.load32(address);
    }

    public static long ld(Mmu mmu, long address) {
        return mmu.load64(address);
    }

    public static long lbu(Mmu mmu, long address) {
        return mmu.load8(address) & 0xFFL;
    }

    public static long lhu(Mmu mmu, long address) {
        return mmu.load16(address) & 0xFFFFL;
    }

    public static long lwu(Mmu mmu, long address) {
        return mmu.load32(address) & 0xFFFFFFFFL;
    }

    public static void sb(Mmu mmu, long address, long value) {
        mmu.store8(address, (byte) value);
    }

    public static void sh(Mmu mmu, long address, long value) {
        mmu.store16(address, (short) value);
    }

    public static void sw(Mmu mmu, long address, long value) {
        mmu.store32(address, (int) value);
    }

    public static void sd(Mmu mmu, long address, long value) {
        mmu.store64(address, value);
    }
}
