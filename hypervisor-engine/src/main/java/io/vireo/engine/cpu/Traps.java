package io.vireo.engine.cpu;

import io.vireo.engine.mmu.Mmu;

import static io.vireo.engine.cpu.Csr.Interrupt.SEIP;
import static io.vireo.engine.cpu.Csr.Interrupt.SSIP;
import static io.vireo.engine.cpu.Csr.Status.SIE;
import static io.vireo.engine.cpu.Csr.Status.SPIE;
import static io.vireo.engine.cpu.Csr.Status.SPP;

/**
 * How traps reach S-mode, as the privileged spec has it: trap entry (sepc, scause, stval, sstatus's
 * SIE/SPIE/SPP stack, stvec's Direct or Vectored target), SRET, and which pending interrupt is taken and
 * when. The engine is the M-mode firmware, so every trap that M-mode can delegate is delegated to S-mode; an
 * ECALL from S-mode is the one the firmware keeps: the {@link SupervisorCallHandler} answers it and the hart
 * goes on after it. Also counts the traps taken, by cause.
 */
final class Traps {
    private final Hart hart;
    private final CsrFile csrs;
    private final Reservation reservation;
    private final SupervisorCallHandler firmware;
    private final Trap trap;
    private final long[] counts = new long[TrapCause.values().length];

    Traps(Hart hart, CsrFile csrs, Reservation reservation, SupervisorCallHandler firmware, Trap trap) {
        this.hart = hart;
        this.csrs = csrs;
        this.reservation = reservation;
        this.firmware = firmware;
        this.trap = trap;
    }

    long count(TrapCause cause) {
        return counts[cause.ordinal()];
    }

    /** Takes the trap {@code cause} raised at {@code pc} in S-mode; returns the handler's address. */
    long enter(TrapCause cause, long tval, long pc) {
        counts[cause.ordinal()]++;
        csrs.sepc = pc;
        csrs.scause = cause.scause();
        csrs.stval = tval;
        long spp = csrs.privilege == Mmu.SUPERVISOR ? SPP : 0;
        long spie = (csrs.status & SIE) != 0 ? SPIE : 0;
        csrs.status = (csrs.status & ~(SPP | SPIE | SIE)) | spp | spie;
        csrs.setPrivilege(Mmu.SUPERVISOR);
        reservation.clear();
        long base = csrs.stvec & ~3L;
        return cause.interrupt && (csrs.stvec & 3) == 1 ? base + 4L * cause.code : base;
    }

    /** SRET, from S-mode: back to the privilege in SPP with SIE from SPIE; returns sepc. */
    long returnFromTrap() {
        boolean spie = (csrs.status & SPIE) != 0;
        int spp = (csrs.status & SPP) != 0 ? Mmu.SUPERVISOR : Mmu.USER;
        csrs.status = (csrs.status & ~(SIE | SPP)) | (spie ? SIE : 0) | SPIE;
        csrs.setPrivilege(spp);
        reservation.clear();
        return csrs.sepc;
    }

    /** ECALL: from U-mode a trap to S-mode; from S-mode a call to the firmware, after which the hart goes on. */
    void environmentCall() {
        if (csrs.privilege == Mmu.USER) {
            throw trap.set(TrapCause.ECALL_FROM_U, 0);
        }
        counts[TrapCause.ECALL_FROM_S.ordinal()]++;
        firmware.call(hart);
    }

    /** Whether an enabled interrupt is pending, whatever sstatus.SIE says: what ends a WFI. */
    boolean interruptPending() {
        return (csrs.pendingInterrupts() & csrs.interruptEnable) != 0;
    }

    /**
     * The interrupt to take before the next instruction, or null: the enabled pending one of the highest
     * priority (external, then software, then timer), unless the hart is in S-mode with sstatus.SIE off.
     */
    TrapCause interruptToTake() {
        long ready = csrs.pendingInterrupts() & csrs.interruptEnable;
        if (ready == 0 || (csrs.privilege == Mmu.SUPERVISOR && (csrs.status & SIE) == 0)) {
            return null;
        }
        return (ready & SEIP) != 0 ? TrapCause.SUPERVISOR_EXTERNAL_INTERRUPT
                : (ready & SSIP) != 0 ? TrapCause.SUPERVISOR_SOFTWARE_INTERRUPT
                : TrapCause.SUPERVISOR_TIMER_INTERRUPT;
    }
}
