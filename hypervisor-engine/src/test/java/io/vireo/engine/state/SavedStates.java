package io.vireo.engine.state;

import io.vireo.engine.cpu.HartState;
import io.vireo.engine.devices.Plic;
import io.vireo.engine.devices.Uart16550;
import io.vireo.engine.devices.virtio.VirtioMmioTransport;
import io.vireo.engine.sbi.Platform;

import java.util.List;

/** A made-up but valid machine state: two harts, a block device with a ready queue, a balloon with its fields. */
final class SavedStates {
    static final long RAM_BASE = 0x8000_0000L, RAM_SIZE = 64L << 20;

    private SavedStates() {
    }

    static MachineState twoHartsADiskAndABalloon() {
        long[] x = new long[32], f = new long[32];
        for (int i = 1; i < 32; i++) {
            x[i] = 0x1111_0000_0000L * i;
            f[i] = Double.doubleToRawLongBits(i / 3.0);
        }
        long[] csrs = new long[HartState.Field.values().length];
        csrs[HartState.Field.STATUS.ordinal()] = 1L << 13 | 1L << 1;
        csrs[HartState.Field.SATP.ordinal()] = 8L << 60 | 0x80123;
        csrs[HartState.Field.STIMECMP.ordinal()] = 123_456_789;
        csrs[HartState.Field.INSTRET.ordinal()] = 42;
        HartState running = new HartState(x, f, 1, 2, RAM_BASE + 0x1000, 1, csrs, 1L << 9, false);
        HartState idle = new HartState(new long[32], new long[32], 0, 0, RAM_BASE, 0,
                new long[HartState.Field.values().length], 0, true);
        int[] priority = new int[Plic.MAX_SOURCES];
        boolean[] level = new boolean[Plic.MAX_SOURCES], pending = level.clone(), claimed = level.clone();
        priority[1] = 1;
        priority[10] = 7;
        level[10] = true;
        claimed[10] = true;
        Plic.State plic = new Plic.State(priority, level, pending, claimed, new long[] {1L << 10 | 1L << 1, 0}, new int[] {0, 7});
        Uart16550.State uart = new Uart16550.State(1, 3, 0x0B, 0, 1, 0, true, "ls\r".getBytes());
        VirtioMmioTransport.State disk = new VirtioMmioTransport.State(15, 1, 0, VirtioMmioTransport.F_VERSION_1, 0, 1,
                0, List.of(new VirtioMmioTransport.QueueState(128, RAM_BASE + 0x10000, RAM_BASE + 0x11000,
                        RAM_BASE + 0x12000, true, 900, 899)), new long[0]);
        VirtioMmioTransport.State balloon = new VirtioMmioTransport.State(15, 0, 1, VirtioMmioTransport.F_VERSION_1 | 2,
                2, 0, 3, List.of(new VirtioMmioTransport.QueueState(64, RAM_BASE + 0x20000, RAM_BASE + 0x21000,
                        RAM_BASE + 0x22000, true, 10, 10), new VirtioMmioTransport.QueueState(0, 0, 0, 0, false, 0, 0),
                        new VirtioMmioTransport.QueueState(1, RAM_BASE + 0x23000, RAM_BASE + 0x24000,
                                RAM_BASE + 0x25000, true, 7, 6)), new long[] {4096, 4000, 0});
        MachineState.Shape shape = new MachineState.Shape(2, RAM_BASE, RAM_SIZE, new int[] {2, 5});
        return new MachineState(shape, 987_654_321L, List.of(running, idle), new int[] {Platform.STARTED, Platform.STOPPED},
                plic, uart, -5_000_000_000L, List.of(disk, balloon));
    }
}
