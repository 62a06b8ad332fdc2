package io.vireo.engine.vm;

import io.vireo.engine.testing.Asm;
import io.vireo.engine.testing.BareKernel;

import static io.vireo.engine.testing.Asm.*;

/**
 * Guest programs that attack the machine they run on, as raw RV64 code: random jumps in U- and S-mode,
 * MMIO at random offsets and widths on every device, virtqueues full of garbage, an interrupt storm that
 * floods the serial port, a spin with interrupts off; and a well-behaved neighbour that echoes its serial
 * input. Each runs as the "kernel" of a VM with {@link #MEMORY} of RAM.
 */
final class HostilePrograms {
    static final long MEMORY = 32L << 20;
    static final String READY = "READY\n";
    private static final long RAM = 0x8000_0000L, UART = 0x1000_0000L, PLIC = 0x0C00_0000L, RTC = 0x0010_1000L,
            VIRTIO = 0x1000_1000L;
    private static final int UART_IRQ = 10;
    private static final int SSTATUS = 0x100, SIE = 0x104, STVEC = 0x105, SEPC = 0x141, SIP = 0x144, STIMECMP = 0x14D;
    /** Scratch RAM above the program: a table, random words to execute, virtqueues. */
    private static final long SCRATCH = RAM + (8L << 20);

    private HostilePrograms() {
    }

    /** Guest-physical address of the next instruction {@code p} emits. */
    private static long at(Asm p) {
        return BareKernel.LOAD_ADDRESS + BareKernel.HEADER + p.pc();
    }

    /** Points stvec at a handler that skips the faulting (4-byte) instruction, and jumps over that handler. */
    private static Asm skipFaults(Asm p) {
        long handler = at(p) + 44 + 4 + 4;
        p.li(T0, handler).csrrw(ZERO, STVEC, T0).jal(ZERO, 4 + 16);
        return p.csrrs(T6, SEPC, ZERO).addi(T6, T6, 4).csrrw(ZERO, SEPC, T6).sret();
    }

    /**
     * Fills 64 KiB with random words, then for ever: picks S- or U-mode and an address (anywhere, or in
     * those random words) and returns there. The loop is also the trap handler, so every fault jumps again.
     */
    static Asm jumper(long seed) {
        Asm p = new Asm().li(S2, seed).li(T0, SCRATCH).li(T1, SCRATCH + 0x10000);
        long fill = at(p);
        p.xorshift(S2, T2).sd(S2, T0, 0).addi(T0, T0, 8).bne(T0, T1, (int) (fill - at(p)));
        p.li(S3, 0xFFFC).li(A5, SCRATCH);
        long loop = at(p) + 44 + 4;
        p.li(T0, loop).csrrw(ZERO, STVEC, T0);
        return p.xorshift(S2, T2)
                .li(T0, 1L << 8).andi(T1, S2, 1)
                .beq(T1, ZERO, 12).csrrs(ZERO, SSTATUS, T0).jal(ZERO, 8).csrrc(ZERO, SSTATUS, T0)
                .addi(T2, S2, 0).andi(T1, S2, 2)
                .beq(T1, ZERO, 12).and(T2, S2, S3).add(T2, T2, A5)
                .csrrw(ZERO, SEPC, T2).sret();
    }

    /** For ever: a random device window, a random offset in it, loads and stores of every width. */
    static Asm mmioStorm(long seed) {
        Asm p = new Asm().li(S2, seed);
        skipFaults(p);
        long[][] windows = {{UART, 0xFF}, {PLIC, 0x3F_FFFF}, {RTC, 0xFFF}, {UART, 0x7}, {PLIC, 0xFF}};
        for (int i = 0; i < 16; i++) {
            long[] w = i < 8 ? new long[] {VIRTIO + 0x1000L * i, 0xFFF} : windows[(i - 8) % windows.length];
            p.li(T0, SCRATCH + 16L * i).li(T1, w[0]).sd(T1, T0, 0).li(T1, w[1]).sd(T1, T0, 8);
        }
        p.li(S3, SCRATCH);
        long loop = at(p);
        p.xorshift(S2, T2).andi(T1, S2, 15).slli(T1, T1, 4).add(T1, T1, S3).ld(T3, T1, 0).ld(T4, T1, 8)
                .srli(T5, S2, 8).and(T5, T5, T4).add(T5, T5, T3).xorshift(S2, T2)
                .lb(A1, T5, 0).lh(A1, T5, 0).lw(A1, T5, 0).ld(A1, T5, 0)
                .sb(S2, T5, 0).sh(S2, T5, 0).sw(S2, T5, 0).sd(S2, T5, 0);
        return p.jal(ZERO, (int) (loop - at(p)));
    }

    /**
     * Brings every virtio device up with two queues of 16, then for ever fills all rings and descriptor
     * tables with random descriptors (addresses in RAM, any length up to 64 KiB, any flags, any next) and
     * notifies every queue; every 64 rounds it resets the devices and starts over.
     */
    static Asm virtqueueGarbage(long seed) {
        Asm p = new Asm().li(S2, seed).li(S1, 0);
        skipFaults(p);
        long queues = SCRATCH + 0x10000;
        long setup = at(p);
        for (int slot = 0; slot < 8; slot++) {
            p.li(A0, VIRTIO + 0x1000L * slot)
                    .sw(ZERO, A0, 0x070).addi(T1, ZERO, 3).sw(T1, A0, 0x070)
                    .addi(T1, ZERO, 1).sw(T1, A0, 0x024).sw(T1, A0, 0x020).sw(ZERO, A0, 0x024).sw(ZERO, A0, 0x020)
                    .addi(T1, ZERO, 11).sw(T1, A0, 0x070);
            for (int q = 0; q < 2; q++) {
                long region = queues + 0x4000L * (2 * slot + q);
                p.addi(T1, ZERO, q).sw(T1, A0, 0x030).addi(T1, ZERO, 16).sw(T1, A0, 0x038)
                        .li(T1, region).sw(T1, A0, 0x080).sw(ZERO, A0, 0x084)
                        .li(T1, region + 0x1000).sw(T1, A0, 0x090).sw(ZERO, A0, 0x094)
                        .li(T1, region + 0x2000).sw(T1, A0, 0x0A0).sw(ZERO, A0, 0x0A4)
                        .addi(T1, ZERO, 1).sw(T1, A0, 0x044);
            }
            p.addi(T1, ZERO, 15).sw(T1, A0, 0x070);
        }
        p.li(S3, MEMORY - 1).li(A5, RAM).li(A4, 0x000F_0007_0000_FFFFL);
        long loop = at(p);
        p.li(T0, queues).li(T1, queues + 16 * 0x4000L);
        long region = at(p);
        p.addi(T3, T0, 0).addi(T4, T0, 320);
        long pair = at(p);
        p.xorshift(S2, T2).and(T5, S2, S3).add(T5, T5, A5).sd(T5, T3, 0)
                .xorshift(S2, T2).and(T5, S2, A4).sd(T5, T3, 8)
                .addi(T3, T3, 16).bne(T3, T4, (int) (pair - at(p)));
        p.lui(T5, 0x4000).add(T0, T0, T5).bne(T0, T1, (int) (region - at(p)));
        for (int slot = 0; slot < 8; slot++) {
            p.li(A0, VIRTIO + 0x1000L * slot).sw(ZERO, A0, 0x050).addi(T2, ZERO, 1).sw(T2, A0, 0x050);
        }
        p.addi(S1, S1, 1).andi(T2, S1, 63).bne(T2, ZERO, 8);
        p.jal(ZERO, (int) (setup - at(p)));
        return p.jal(ZERO, (int) (loop - at(p)));
    }

    /**
     * Timer, software and external (serial "transmitter empty") interrupts all pending for ever, with a
     * handler that writes a byte to the serial port and returns: the guest traps without end and floods
     * the console.
     */
    static Asm interruptStorm() {
        Asm p = new Asm();
        long handler = at(p) + 44 + 4 + 4;
        p.li(T0, handler).csrrw(ZERO, STVEC, T0).jal(ZERO, 4 + 56);
        p.li(A0, UART).addi(T2, ZERO, '!').sb(T2, A0, 0).sret();
        p.li(T0, PLIC + 4 * UART_IRQ).addi(T1, ZERO, 1).sw(T1, T0, 0)
                .li(T0, PLIC + 0x2000).li(T1, 1L << UART_IRQ).sw(T1, T0, 0)
                .li(A0, UART).addi(T1, ZERO, 3).sb(T1, A0, 1)
                .li(T0, (1 << 1) | (1 << 5) | (1 << 9)).csrrs(ZERO, SIE, T0)
                .csrrw(ZERO, STIMECMP, ZERO)
                .csrrsi(ZERO, SIP, 2)
                .csrrsi(ZERO, SSTATUS, 2);
        long loop = at(p);
        p.addi(T2, ZERO, '#').sb(T2, A0, 0);
        return p.jal(ZERO, (int) (loop - at(p)));
    }

    /** Interrupts off, then a jump to itself. */
    static Asm spinner() {
        return new Asm().csrrci(ZERO, SSTATUS, 2).jal(ZERO, 0);
    }

    /**
     * The normal neighbour: prints {@link #READY}, then sleeps in WFI until the serial port has input
     * (received-data interrupt through the PLIC) and echoes every byte.
     */
    static Asm echo() {
        Asm p = new Asm().li(T0, PLIC + 4 * UART_IRQ).addi(T1, ZERO, 1).sw(T1, T0, 0)
                .li(T0, PLIC + 0x2000).li(T1, 1L << UART_IRQ).sw(T1, T0, 0)
                .li(A0, UART).addi(T1, ZERO, 1).sb(T1, A0, 1)
                .li(T0, 1L << 9).csrrs(ZERO, SIE, T0)
                .li(A1, PLIC + 0x20_0004);
        for (char c : READY.toCharArray()) {
            p.addi(T2, ZERO, c).sb(T2, A0, 0);
        }
        long sleep = at(p);
        p.wfi();
        long drain = at(p);
        p.lbu(T1, A0, 5).andi(T1, T1, 1).beq(T1, ZERO, 16)
                .lbu(T2, A0, 0).sb(T2, A0, 0).jal(ZERO, (int) (drain - at(p)));
        p.lw(T3, A1, 0).sw(T3, A1, 0);
        return p.jal(ZERO, (int) (sleep - at(p)));
    }
}
