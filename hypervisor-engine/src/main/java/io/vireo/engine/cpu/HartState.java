package io.vireo.engine.cpu;

import io.vireo.engine.mmu.Mmu;

/**
 * Everything a hart needs to continue at an instruction boundary: registers, pc, privilege, its S-mode
 * CSRs, the interrupt wires set in its mailbox and whether it sits in WFI. The LR reservation is not part
 * of it (an SC after a restore fails, which the spec allows), nor are TLBs and translated code, which
 * rebuild. The constructor refuses what no running hart could hold, so a state read from a file cannot
 * put a hart into an impossible state.
 *
 * @param csrs the CSRs in {@link Field} order
 */
public record HartState(long[] x, long[] f, int fflags, int frm, long pc, int privilege, long[] csrs,
                        long pendingInterrupts, boolean waiting) {
    /** The CSR values a state holds, in the order {@link #csrs} keeps them. */
    public enum Field { STATUS, SIE, STVEC, SSCRATCH, SEPC, SCAUSE, STVAL, SATP, SCOUNTEREN, SENVCFG, STIMECMP, INSTRET }

    public HartState {
        x = x.clone();
        f = f.clone();
        csrs = csrs.clone();
        require(x.length == 32 && f.length == 32, "a hart has 32 integer and 32 float registers");
        require(x[0] == 0, "x0 is not zero");
        require(csrs.length == Field.values().length, "a hart state holds " + Field.values().length + " CSRs");
        require((fflags & ~Csr.FFLAGS.writable) == 0 && (frm & ~Csr.FRM.writable) == 0, "fcsr has bits that do not exist");
        require((pc & 1) == 0, "pc 0x%x is not 2-byte aligned".formatted(pc));
        require(privilege == Mmu.USER || privilege == Mmu.SUPERVISOR, "privilege " + privilege + " is neither U nor S");
        require((at(csrs, Field.STATUS) & ~Csr.SSTATUS.writable) == 0, "sstatus has bits that are not writable");
        require((at(csrs, Field.SIE) & ~Csr.SIE.writable) == 0, "sie has bits that are not writable");
        require((at(csrs, Field.SCOUNTEREN) & ~Csr.SCOUNTEREN.writable) == 0, "scounteren has bits that are not writable");
        require((at(csrs, Field.SENVCFG) & ~Csr.SENVCFG.writable) == 0, "senvcfg has bits that are not writable");
        require((at(csrs, Field.SEPC) & ~Csr.SEPC.writable) == 0, "sepc is not 2-byte aligned");
        require((at(csrs, Field.STVEC) & 3) < 2, "stvec has a reserved mode");
        require((at(csrs, Field.SATP) & ~Csr.SATP.writable) == 0, "satp has ASID bits, which this hart does not implement");
        long mode = at(csrs, Field.SATP) >>> 60;
        require(mode == 0 || mode == 8 || mode == 9, "satp mode " + mode + " is not Bare, Sv39 or Sv48");
        require((pendingInterrupts & ~(Csr.Interrupt.SSIP | Csr.Interrupt.SEIP)) == 0,
                "pending interrupts other than SSIP and SEIP");
    }

    public long csr(Field field) {
        return csrs[field.ordinal()];
    }

    @Override
    public long[] x() {
        return x.clone();
    }

    @Override
    public long[] f() {
        return f.clone();
    }

    @Override
    public long[] csrs() {
        return csrs.clone();
    }

    private static long at(long[] csrs, Field field) {
        return csrs[field.ordinal()];
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
