package io.vireo.engine.state;

import io.vireo.engine.devices.Plic;
import io.vireo.engine.devices.Uart16550;

/** The sections of the platform devices: the interrupt controller ({@code PLIC}) and the serial port ({@code UART}). */
final class DeviceSections {
    static final String PLIC = "PLIC", UART = "UART";
    private static final int MAX_CONTEXTS = 4096;
    private static final int MAX_UART_INPUT = 64 * 1024;

    private DeviceSections() {
    }

    static StateFile.Section plic(Plic.State s) {
        SectionWriter w = new SectionWriter().u32(Plic.MAX_SOURCES);
        for (int i = 0; i < Plic.MAX_SOURCES; i++) {
            w.u8(s.priority()[i]).u8((s.level()[i] ? 1 : 0) | (s.pending()[i] ? 2 : 0) | (s.claimed()[i] ? 4 : 0));
        }
        w.u32(s.threshold().length);
        for (int c = 0; c < s.threshold().length; c++) {
            w.u64(s.enable()[c]).u8(s.threshold()[c]);
        }
        return StateFile.Section.of(PLIC, w);
    }

    static Plic.State plic(SectionReader r) throws SavedStateException {
        int sources = r.u32();
        if (sources != Plic.MAX_SOURCES) {
            throw r.problem(Integer.toUnsignedString(sources) + " sources; the PLIC has " + Plic.MAX_SOURCES);
        }
        int[] priority = new int[sources];
        boolean[] level = new boolean[sources], pending = new boolean[sources], claimed = new boolean[sources];
        for (int i = 0; i < sources; i++) {
            priority[i] = r.u8();
            int bits = r.u8();
            if ((bits & ~7) != 0) {
                throw r.problem("source " + i + " has unknown flags 0x" + Integer.toHexString(bits));
            }
            level[i] = (bits & 1) != 0;
            pending[i] = (bits & 2) != 0;
            claimed[i] = (bits & 4) != 0;
        }
        int contexts = r.count(MAX_CONTEXTS, "context count");
        long[] enable = new long[contexts];
        int[] threshold = new int[contexts];
        for (int c = 0; c < contexts; c++) {
            enable[c] = r.u64();
            threshold[c] = r.u8();
        }
        r.end();
        try {
            return new Plic.State(priority, level, pending, claimed, enable, threshold);
        } catch (IllegalArgumentException e) {
            throw r.problem(e.getMessage());
        }
    }

    static StateFile.Section uart(Uart16550.State s) {
        SectionWriter w = new SectionWriter().u8(s.ier()).u8(s.lcr()).u8(s.mcr()).u8(s.scr()).u8(s.dll()).u8(s.dlm())
                .bool(s.thrEmptyPending()).bytes(s.input());
        return StateFile.Section.of(UART, w);
    }

    static Uart16550.State uart(SectionReader r) throws SavedStateException {
        int ier = r.u8(), lcr = r.u8(), mcr = r.u8(), scr = r.u8(), dll = r.u8(), dlm = r.u8();
        boolean thrEmpty = r.bool();
        byte[] input = r.bytes(MAX_UART_INPUT);
        r.end();
        try {
            return new Uart16550.State(ier, lcr, mcr, scr, dll, dlm, thrEmpty, input);
        } catch (IllegalArgumentException e) {
            throw r.problem(e.getMessage());
        }
    }
}
