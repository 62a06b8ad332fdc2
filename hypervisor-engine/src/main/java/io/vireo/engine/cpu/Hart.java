package io.vireo.engine.cpu;

import io.vireo.engine.cpu.jit.TranslationCache;
import io.vireo.engine.mmu.MemoryFault;
import io.vireo.engine.mmu.Mmu;

import java.util.Arrays;

/**
 * One RV64GC hart running in S- and U-mode. The engine plays M-mode: S-mode {@code ecall}s go to the
 * {@link SupervisorCallHandler} (SBI), all delegable traps and interrupts go to S-mode.
 *
 * <p>The hart holds the integer and float registers, the pc and the run loop; its parts each do one job:
 * the {@link Interpreter} executes instructions fetched through {@link InstructionFetch}, {@link CsrFile}
 * holds the CSRs {@link Csr} lists, {@link Traps} takes traps and interrupts, {@link Reservation} is LR/SC's,
 * and {@link HartMailbox} holds everything another thread may touch.
 *
 * <p>{@link #run} executes a bounded slice and says why it returned, so one thread per hart or a shared
 * pool can drive it. Other threads only touch a hart through the thread-safe methods at the end
 * (interrupts, remote fences, wake-up).
 */
public final class Hart {
    public enum StopReason { SLICE_USED, WAITING_FOR_INTERRUPT, HALTED }

    private static final int CHUNK = 2048;

    final int id;
    final long[] x = new long[32];
    long pc;
    final FloatState fp = new FloatState();
    private final Mmu mmu;
    private final GuestClock clock;
    private final HartMailbox mailbox = new HartMailbox();
    private final InstructionFetch fetch;
    private final Reservation reservation;
    private final CsrFile csrs;
    private final Traps traps;
    private final Interpreter interpreter;
    /** In WFI: the run loop parks the hart until an enabled interrupt is pending. */
    boolean waiting;

    public Hart(int id, Mmu mmu, GuestClock clock, SupervisorCallHandler supervisorCalls) {
        this(id, mmu, clock, supervisorCalls, null);
    }

    /** A hart that runs hot code from {@code translations} (shared by the machine's harts), or only interprets if null. */
    public Hart(int id, Mmu mmu, GuestClock clock, SupervisorCallHandler supervisorCalls, TranslationCache translations) {
        this.id = id;
        this.mmu = mmu;
        this.clock = clock;
        Trap trap = new Trap();
        this.fetch = new InstructionFetch(mmu);
        this.reservation = new Reservation(mmu.ram());
        this.csrs = new CsrFile(mmu, fetch, fp, clock, mailbox, trap);
        this.traps = new Traps(this, csrs, reservation, supervisorCalls, trap);
        this.interpreter = new Interpreter(this, fetch, csrs, traps, reservation, trap, translations);
    }

    public int id() {
        return id;
    }

    /** Puts the hart at {@code entry} in S-mode with a0/a1 set and the MMU off, as at a Linux boot or HSM start. */
    public void reset(long entry, long a0, long a1) {
        Arrays.fill(x, 0);
        fp.reset();
        x[10] = a0;
        x[11] = a1;
        pc = entry;
        csrs.reset();
        mailbox.clearInterrupts();
        reservation.clear();
        waiting = false;
        fetch.forget();
    }

    // ---- saved state ----

    /** The hart's state; only while it does not run (its machine paused or suspended). */
    public HartState state() {
        return new HartState(x, fp.f, fp.fflags, fp.frm, pc, csrs.privilege, csrs.saved(), mailbox.interrupts(), waiting);
    }

    /** Puts the hart where {@code state} says, before it runs; TLBs and fetched code start empty. */
    public void restore(HartState state) {
        System.arraycopy(state.x(), 0, x, 0, 32);
        System.arraycopy(state.f(), 0, fp.f, 0, 32);
        fp.fflags = state.fflags();
        fp.frm = state.frm();
        pc = state.pc();
        csrs.restore(state.csrs(), state.privilege());
        mailbox.clearInterrupts();
        mailbox.setInterrupt(state.pendingInterrupts(), true);
        reservation.clear();
        waiting = state.waiting();
        mmu.flush();
    }

    // ---- registers, for SBI and tests ----

    public long register(int index) {
        return x[index];
    }

    public void setRegister(int index, long value) {
        if (index != 0) {
            x[index] = value;
        }
    }

    public long pc() {
        return pc;
    }

    public int privilege() {
        return csrs.privilege;
    }

    public long instructionsRetired() {
        return csrs.instret;
    }

    /** Where this hart's instructions ran (interpreter or translated regions) and why regions were left. */
    public ExecutionSplit executionSplit() {
        return interpreter.counters.snapshot(csrs.instret, mmu);
    }

    public long trapCount(TrapCause cause) {
        return traps.count(cause);
    }

    public Mmu mmu() {
        return mmu;
    }

    /** Sets the S-mode timer compare (SBI set_timer and the Sstc stimecmp CSR). */
    public void setTimerCompare(long value) {
        csrs.stimecmp = value;
    }

    // ---- the run loop ----

    /**
     * Runs up to {@code budget} steps and returns why it stopped. A step is a retired instruction or a
     * trap taken, so a guest that does nothing but fault still gives its thread back.
     */
    public StopReason run(long budget) {
        long spent = 0;
        while (spent < budget) {
            if (mailbox.takeHaltRequest()) {
                return StopReason.HALTED;
            }
            serviceRequests();
            checkInterrupts();
            if (waiting) {
                if (!traps.interruptPending()) {
                    return StopReason.WAITING_FOR_INTERRUPT;
                }
                waiting = false;
            }
            long before = csrs.instret;
            try {
                interpreter.run((int) Math.min(CHUNK, budget - spent));
            } catch (Trap t) {
                pc = traps.enter(t.cause, t.tval, pc);
                spent++;
            } catch (MemoryFault f) {
                pc = traps.enter(TrapCause.exception(f.cause()), f.address(), pc);
                spent++;
            }
            spent += csrs.instret - before;
        }
        return StopReason.SLICE_USED;
    }

    /** Host nanoseconds until the timer would wake this hart (Long.MAX_VALUE if it is not armed). */
    public long nanosUntilTimer() {
        return csrs.stimecmp == -1L ? Long.MAX_VALUE : clock.nanosUntil(csrs.stimecmp);
    }

    private void serviceRequests() {
        int fences = mailbox.takeFences();
        if ((fences & HartMailbox.FLUSH_TLB) != 0) {
            mmu.flush();
        }
        if (fences != 0) {
            fetch.forget();
        }
    }

    private void checkInterrupts() {
        TrapCause interrupt = traps.interruptToTake();
        if (interrupt != null) {
            waiting = false;
            pc = traps.enter(interrupt, 0, pc);
        }
    }

    // ---- thread-safe entry points for other harts and devices ----

    public void setWaker(Runnable waker) {
        mailbox.setWaker(waker);
    }

    /** An IPI: sets SSIP (SBI send_ipi). */
    public void raiseSoftwareInterrupt() {
        mailbox.setInterrupt(Csr.Interrupt.SSIP, true);
        mailbox.wake();
    }

    /** The PLIC's external-interrupt wire for this hart's S-mode context. */
    public void setExternalInterrupt(boolean asserted) {
        mailbox.setInterrupt(Csr.Interrupt.SEIP, asserted);
        if (asserted) {
            mailbox.wake();
        }
    }

    /** Remote SFENCE.VMA (SBI RFENCE): applied before this hart executes its next instruction. */
    public void requestTlbFlush() {
        mailbox.requestTlbFlush();
        mailbox.wake();
    }

    /** Remote FENCE.I (SBI RFENCE). */
    public void requestFenceI() {
        mailbox.requestFenceI();
        mailbox.wake();
    }

    /** Makes {@link #run} return {@link StopReason#HALTED} before the next instruction (HSM stop, power off). */
    public void requestHalt() {
        mailbox.requestHalt();
        mailbox.wake();
    }

    /** Applies remote fences requested of this hart now; only on the hart's own thread (while it waits in SBI). */
    public void applyPendingRequests() {
        serviceRequests();
    }

    /** Whether a remote fence is still waiting to be applied by this hart. */
    public boolean hasPendingRequests() {
        return mailbox.hasFences();
    }

    /** Wakes the hart if it is parked (timer reprogrammed, stop requested). */
    public void wake() {
        mailbox.wake();
    }
}
