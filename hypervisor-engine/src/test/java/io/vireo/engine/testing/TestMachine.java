package io.vireo.engine.testing;

import io.vireo.engine.cpu.GuestClock;
import io.vireo.engine.cpu.Hart;
import io.vireo.engine.cpu.SupervisorCallHandler;
import io.vireo.engine.cpu.jit.TranslationCache;
import io.vireo.engine.mmu.Bus;
import io.vireo.engine.mmu.CodeCache;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.mmu.Mmu;

import java.util.ArrayList;
import java.util.List;

/** One hart on 1 MiB of RAM at 0x8000_0000, with ecalls recorded instead of handled: for instruction tests. */
public final class TestMachine implements AutoCloseable {
    public static final long RAM = 0x8000_0000L;

    /** A machine whose hart translates code the first time it lands there. */
    public static TestMachine translating() {
        return translating(1);
    }

    /** A machine whose hart translates code once it landed there {@code threshold} times. */
    public static TestMachine translating(int threshold) {
        return new TestMachine(h -> { }, threshold);
    }

    /** A machine whose hot code is translated on the translator thread while its hart interprets on, as a VM's is. */
    public static TestMachine translatingInBackground(int threshold) {
        return new TestMachine(h -> { }, threshold, true);
    }

    public final GuestMemory memory = new GuestMemory(RAM, 1 << 20);
    public final Bus bus = new Bus(memory);
    public final CodeCache code = new CodeCache(memory.size());
    public final List<Long> ecalls = new ArrayList<>();
    public final Hart hart;
    /** The hart's translation tier; null when it only interprets. */
    public final TranslationCache translations;

    public TestMachine() {
        this(h -> { });
    }

    public TestMachine(SupervisorCallHandler sbi) {
        this(sbi, 0);
    }

    /** With {@code translationThreshold} > 0 the hart runs code reached that many times as translated regions. */
    public TestMachine(SupervisorCallHandler sbi, int translationThreshold) {
        this(sbi, translationThreshold, false);
    }

    private TestMachine(SupervisorCallHandler sbi, int translationThreshold, boolean inBackground) {
        memory.setWriteObserver(code::written);
        translations = translationThreshold > 0
                ? new TranslationCache(memory.segment(), code, translationThreshold, inBackground) : null;
        hart = new Hart(0, new Mmu(bus, code), new GuestClock(), h -> {
            ecalls.add(h.register(17));
            sbi.call(h);
        }, translations);
        hart.reset(RAM, 0, 0);
    }

    /** Loads a program at the start of RAM and puts the hart there in S-mode. */
    public TestMachine load(Asm program) {
        byte[] bytes = program.bytes();
        memory.write(RAM, bytes, 0, bytes.length);
        hart.reset(RAM, 0, 0);
        return this;
    }

    /** Runs until {@code n} more instructions retired (one that traps does not retire, as the spec says). */
    public TestMachine step(int n) {
        hart.run(n);
        return this;
    }

    public long x(int reg) {
        return hart.register(reg);
    }

    @Override
    public void close() {
        memory.close();
    }
}
