package io.vireo.engine.vm;

import io.vireo.engine.cpu.ExecutionSplit;
import io.vireo.engine.cpu.GuestClock;
import io.vireo.engine.cpu.Hart;
import io.vireo.engine.cpu.HartState;
import io.vireo.engine.cpu.TrapCause;
import io.vireo.engine.cpu.jit.TranslationCache;
import io.vireo.engine.cpu.jit.TranslationStats;
import io.vireo.engine.mmu.Bus;
import io.vireo.engine.mmu.CodeCache;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.mmu.Mmu;
import io.vireo.engine.sbi.Platform;
import io.vireo.engine.sbi.Sbi;
import io.vireo.engine.sched.CpuAllocation;
import io.vireo.engine.sched.CpuPool;
import io.vireo.engine.sched.CpuUsage;
import io.vireo.engine.sched.HartScheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A machine's harts, the scheduler that runs them, and the SBI firmware they call, which sees the
 * machine through this class ({@link Platform}): hart states, remote fences, the console, RAM and power.
 * Power-off and reboot requests pause the harts and go to the machine's {@link Machine.Events}.
 */
final class Processors implements Platform {
    private final List<Hart> harts;
    private final Sbi sbi;
    private final HartScheduler scheduler;
    private final GuestMemory ram;
    private final IntConsumer serialOut;
    private final Machine.Events events;
    private final GuestClock clock;
    /** The HSM state each hart starts in: hart 0 alone after a reset, as saved after a resume. */
    private int[] initialHsm;
    /** Null when the harts only interpret. */
    private final TranslationCache translations;
    private final CodeCache code;
    /** Told of each page whose decodes the code cache drops. */
    private final IntConsumer evictedCode;

    /**
     * @param translations the translation tier, or null to interpret only
     * @param clock        the guest timer, new at a boot and continuing a saved count at a resume
     */
    Processors(VmSpec spec, Bus bus, CodeCache code, TranslationCache translations, GuestClock clock,
               IntConsumer serialOut, Machine.Events events, CpuPool pool, CpuAllocation allocation) {
        this.ram = bus.ram();
        this.serialOut = serialOut;
        this.events = events;
        this.translations = translations;
        this.code = code;
        this.evictedCode = translations == null ? page -> { } : translations::evict;
        // The firmware holds this platform before its harts exist; it is first called once they run.
        this.sbi = new Sbi(this);
        this.clock = clock;
        this.initialHsm = new int[spec.harts()];
        Arrays.fill(initialHsm, Platform.STOPPED);
        initialHsm[0] = Platform.STARTED;
        List<Hart> created = new ArrayList<>();
        for (int i = 0; i < spec.harts(); i++) {
            created.add(new Hart(i, new Mmu(bus, code), clock, sbi, translations));
        }
        this.harts = List.copyOf(created);
        this.scheduler = new HartScheduler(harts, (hart, failure) ->
                events.failed("hart %d failed at pc=0x%x: %s".formatted(hart.id(), hart.pc(), failure), failure),
                pool, allocation);
    }

    /**
     * Drops the decodes and translations of code no hart entered since the last call (see
     * {@link CodeCache#evictIdle}); any thread. A hart still inside a dropped page fetches afresh after it.
     */
    void evictIdleCode() {
        if (code.evictIdle(evictedCode) > 0) {
            harts.forEach(Hart::requestFenceI);
        }
    }

    /** Drives hart {@code hart}'s external-interrupt line (its PLIC context's output). */
    void externalInterrupt(int hart, boolean asserted) {
        harts.get(hart).setExternalInterrupt(asserted);
    }

    /** Puts hart 0 at the kernel's entry point, as direct boot hands over: a0 = 0, a1 = the device tree. */
    void bootAt(long entry, long deviceTree) {
        harts.getFirst().reset(entry, 0, deviceTree);
    }

    void start() {
        scheduler.startAs(initialHsm);
    }

    // ---- saved state ----

    /** Stops every hart at an instruction boundary and waits until none runs; the harts never run again. */
    void haltForSave() {
        scheduler.shutdown();
    }

    List<HartState> hartStates() {
        return harts.stream().map(Hart::state).toList();
    }

    int[] hsmStates() {
        return harts.stream().mapToInt(h -> scheduler.hartState(h.id())).toArray();
    }

    long clockTicks() {
        return clock.ticks();
    }

    /** Puts the harts where a saved machine had them; {@link #start} then runs the ones that were started. */
    void restore(List<HartState> states, int[] hsm) {
        for (int i = 0; i < harts.size(); i++) {
            harts.get(i).restore(states.get(i));
        }
        initialHsm = hsm.clone();
    }

    void pause() {
        scheduler.pause();
    }

    void resume() {
        scheduler.resume();
    }

    void hold() {
        scheduler.hold();
    }

    void release() {
        scheduler.release();
    }

    void shutdown() {
        scheduler.shutdown();
    }

    void allocate(CpuAllocation allocation) {
        scheduler.allocate(allocation);
    }

    CpuUsage cpuUsage() {
        return scheduler.usage();
    }

    VmCounters counters() {
        Map<TrapCause, Long> traps = new EnumMap<>(TrapCause.class);
        for (TrapCause c : TrapCause.values()) {
            traps.put(c, harts.stream().mapToLong(h -> h.trapCount(c)).sum());
        }
        long instructions = harts.stream().mapToLong(Hart::instructionsRetired).sum();
        ExecutionSplit execution = harts.stream().map(Hart::executionSplit).reduce(ExecutionSplit.ZERO, ExecutionSplit::plus);
        TranslationStats translation = translations != null ? translations.stats() : TranslationStats.ZERO;
        return new VmCounters(instructions, scheduler.cpuTimeNanos(), traps, sbi.callCounts(), execution, translation);
    }

    // ---- Platform (what the SBI firmware asks of the machine) ----

    @Override
    public List<Hart> harts() {
        return harts;
    }

    @Override
    public int hartState(int hartId) {
        return scheduler.hartState(hartId);
    }

    @Override
    public boolean startHart(int hartId, long address, long opaque) {
        return scheduler.startHart(hartId, address, opaque);
    }

    @Override
    public void stopHart(int hartId) {
        scheduler.stopHart(hartId);
    }

    @Override
    public void awaitRemoteFence(Hart caller, Hart target) {
        scheduler.awaitRemoteFence(caller, target);
    }

    @Override
    public void consoleWrite(byte[] bytes) {
        for (byte b : bytes) {
            serialOut.accept(b & 0xFF);
        }
    }

    @Override
    public void readPhysical(long address, byte[] dst) {
        ram.read(address, dst, 0, dst.length);
    }

    @Override
    public void powerOff() {
        scheduler.pause();
        events.guestPowerOff();
    }

    @Override
    public void reboot() {
        scheduler.pause();
        events.guestReboot();
    }
}
