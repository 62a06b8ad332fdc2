package io.vireo.engine.state;

import io.vireo.engine.cpu.HartState;
import io.vireo.engine.devices.virtio.VirtioMmioTransport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A {@link MachineState} as a state file: which sections, in which order, and what each must hold. The
 * order is fixed ({@code MACH}, {@code CLCK}, one {@code HART} per hart, {@code PLIC}, {@code UART},
 * {@code RTCO}, one {@code VIRT} per slot); sections with other tags are skipped, so a later version may
 * add some that this one ignores.
 */
public final class MachineStateFile {
    static final String MACHINE = "MACH", CLOCK = "CLCK", RTC = "RTCO";
    private static final int MAX_HARTS = 4096, MAX_SLOTS = 1024;

    private MachineStateFile() {
    }

    public static void write(Path file, MachineState s) throws IOException {
        List<StateFile.Section> sections = new ArrayList<>();
        MachineState.Shape shape = s.shape();
        SectionWriter machine = new SectionWriter().u32(shape.harts()).u64(shape.ramBase()).u64(shape.ramSize())
                .u32(shape.virtioDeviceIds().length);
        for (int id : shape.virtioDeviceIds()) {
            machine.u32(id);
        }
        sections.add(StateFile.Section.of(MACHINE, machine));
        sections.add(StateFile.Section.of(CLOCK, new SectionWriter().u64(s.clockTicks())));
        for (int i = 0; i < s.harts().size(); i++) {
            sections.add(HartSection.write(i, s.hsmStates()[i], s.harts().get(i)));
        }
        sections.add(DeviceSections.plic(s.plic()));
        sections.add(DeviceSections.uart(s.uart()));
        sections.add(StateFile.Section.of(RTC, new SectionWriter().u64(s.rtcOffsetNanos())));
        for (int i = 0; i < s.virtio().size(); i++) {
            sections.add(VirtioSection.write(i, shape.virtioDeviceIds()[i], s.virtio().get(i)));
        }
        StateFile.write(file, sections);
    }

    public static MachineState read(Path file) throws SavedStateException {
        return decode(StateFile.read(file));
    }

    static MachineState decode(List<SectionReader> all) throws SavedStateException {
        Iterator<SectionReader> known = all.stream().filter(MachineStateFile::known).iterator();
        MachineState.Shape shape = shape(next(known, MACHINE));
        SectionReader clock = next(known, CLOCK);
        long ticks = clock.u64();
        clock.end();
        List<HartState> harts = new ArrayList<>();
        int[] hsm = new int[shape.harts()];
        for (int i = 0; i < shape.harts(); i++) {
            HartSection.Saved hart = HartSection.read(next(known, HartSection.TAG), i);
            hsm[i] = hart.hsmState();
            harts.add(hart.hart());
        }
        var plic = DeviceSections.plic(next(known, DeviceSections.PLIC));
        if (plic.threshold().length != shape.harts()) {
            throw new SavedStateException("section PLIC: " + plic.threshold().length + " contexts for "
                    + shape.harts() + " harts");
        }
        var uart = DeviceSections.uart(next(known, DeviceSections.UART));
        SectionReader rtc = next(known, RTC);
        long rtcOffset = rtc.u64();
        rtc.end();
        List<VirtioMmioTransport.State> virtio = new ArrayList<>();
        for (int i = 0; i < shape.virtioDeviceIds().length; i++) {
            virtio.add(VirtioSection.read(next(known, VirtioSection.TAG), i, shape.virtioDeviceIds()[i]));
        }
        if (known.hasNext()) {
            throw new SavedStateException("section " + known.next().name() + ": more sections than the machine has parts");
        }
        return new MachineState(shape, ticks, harts, hsm, plic, uart, rtcOffset, virtio);
    }

    private static boolean known(SectionReader r) {
        return switch (r.name()) {
            case MACHINE, CLOCK, RTC, HartSection.TAG, DeviceSections.PLIC, DeviceSections.UART, VirtioSection.TAG -> true;
            default -> false;
        };
    }

    private static SectionReader next(Iterator<SectionReader> sections, String tag) throws SavedStateException {
        if (!sections.hasNext()) {
            throw new SavedStateException("section " + tag + ": missing");
        }
        SectionReader r = sections.next();
        if (!r.name().equals(tag)) {
            throw new SavedStateException("section " + r.name() + ": found where section " + tag + " belongs");
        }
        return r;
    }

    private static MachineState.Shape shape(SectionReader r) throws SavedStateException {
        int harts = r.u32();
        if (harts < 1 || harts > MAX_HARTS) {
            throw r.problem(Integer.toUnsignedString(harts) + " harts");
        }
        long base = r.u64(), size = r.u64();
        if (size <= 0 || (size & 0xFFF) != 0 || (base & 0xFFF) != 0 || base + size < base) {
            throw r.problem("RAM of %d bytes at 0x%x is not a page-aligned range".formatted(size, base));
        }
        int slots = r.count(MAX_SLOTS, "virtio slot count");
        int[] ids = new int[slots];
        for (int i = 0; i < slots; i++) {
            ids[i] = r.u32();
        }
        r.end();
        return new MachineState.Shape(harts, base, size, ids);
    }
}
