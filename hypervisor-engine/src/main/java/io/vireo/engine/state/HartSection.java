package io.vireo.engine.state;

import io.vireo.engine.cpu.HartState;
import io.vireo.engine.sbi.Platform;

/** One hart's section ({@code HART}): its SBI HSM state, then its {@link HartState}. */
final class HartSection {
    static final String TAG = "HART";

    /** What a section holds: the hart's HSM state and its state. */
    record Saved(int hsmState, HartState hart) {
    }

    private HartSection() {
    }

    static StateFile.Section write(int hart, int hsmState, HartState s) {
        SectionWriter w = new SectionWriter().u32(hart).u32(hsmState).u64s(s.x()).u64s(s.f())
                .u8(s.fflags()).u8(s.frm()).u64(s.pc()).u8(s.privilege()).u32(s.csrs().length).u64s(s.csrs())
                .u64(s.pendingInterrupts()).bool(s.waiting());
        return StateFile.Section.of(TAG, w);
    }

    /** Reads hart {@code expected}'s section. */
    static Saved read(SectionReader r, int expected) throws SavedStateException {
        int id = r.u32();
        if (id != expected) {
            throw r.problem("holds hart " + Integer.toUnsignedString(id) + " where hart " + expected + " belongs");
        }
        int hsm = r.u32();
        if (hsm != Platform.STARTED && hsm != Platform.STOPPED) {
            throw r.problem("HSM state " + hsm + " is neither started nor stopped");
        }
        long[] x = r.u64s(32);
        long[] f = r.u64s(32);
        int fflags = r.u8(), frm = r.u8();
        long pc = r.u64();
        int privilege = r.u8();
        int csrCount = r.count(HartState.Field.values().length, "CSR count");
        if (csrCount != HartState.Field.values().length) {
            throw r.problem(csrCount + " CSRs; version " + StateFile.VERSION + " has " + HartState.Field.values().length);
        }
        long[] csrs = r.u64s(csrCount);
        long pending = r.u64();
        boolean waiting = r.bool();
        r.end();
        try {
            return new Saved(hsm, new HartState(x, f, fflags, frm, pc, privilege, csrs, pending, waiting));
        } catch (IllegalArgumentException e) {
            throw r.problem(e.getMessage());
        }
    }
}
