package io.vireo.engine.testing;

import io.vireo.engine.cpu.GuestClock;
import io.vireo.engine.cpu.Hart;
import io.vireo.engine.cpu.SupervisorCallHandler;
import io.vireo.engine.mmu.Bus;
import io.vireo.engine.mmu.CodeCache;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.mmu.Mmu;

import java.util.ArrayList;
import java.util.List;

/** One hart on 1 MiB of RAM at 0x8000_0000, with ecalls recorded instead of handled: for instruction tests. */
public final class TestMachine implements AutoCloseable {
    public static final long RAM = 0x8000_0000L;

    public final GuestMemory memory = new GuestMemory(RAM, 1 << 20);
    public final Bus bus = new Bus(memory);
    public final CodeCache code = new CodeCache(memory.size());
    public final List<Long> ecalls = new ArrayList<>();
    public final Hart hart;

    public TestMachine() {
        this(h -> { });
    }

    public TestMachine(SupervisorCallHandler sbi) {
        memory.setWriteObserver(code::written);
        hart = new Hart(0, new Mmu(bus, code), new GuestClock(), h -> {
            ecalls.add(h.register(17));
            sbi.call(h);
        });
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
