package io.vireo.engine.devices;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * An ns16550a serial port: the guest's console. Output bytes go to listeners; input is queued
 * from the host. Interrupts: received data available and transmitter holding register empty.
 */
public final class Uart16550 implements MmioDevice {
    private static final int IER_RDA = 1, IER_THRE = 2;
    private static final int LSR_DR = 1, LSR_THRE = 0x20, LSR_TEMT = 0x40;
    private static final int LCR_DLAB = 0x80;
    private static final int INPUT_LIMIT = 64 * 1024;

    private final InterruptLine irq;
    private final List<IntConsumer> outputListeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Byte> input = new ArrayDeque<>();
    private int ier, lcr, mcr, scr, dll = 1, dlm;
    private boolean thrEmptyPending = true;

    public Uart16550(InterruptLine irq) {
        this.irq = irq;
    }

    /** The registers and the bytes typed but not yet read, as a saved machine holds them. */
    public record State(int ier, int lcr, int mcr, int scr, int dll, int dlm, boolean thrEmptyPending, byte[] input) {
        public State {
            input = input.clone();
            if ((ier & ~0x0F) != 0 || (mcr & ~0x1F) != 0 || ((lcr | scr | dll | dlm) & ~0xFF) != 0) {
                throw new IllegalArgumentException("a register holds bits the serial port does not have");
            }
            if (input.length > INPUT_LIMIT) {
                throw new IllegalArgumentException(input.length + " bytes of input; the port holds at most " + INPUT_LIMIT);
            }
        }

        @Override
        public byte[] input() {
            return input.clone();
        }
    }

    public synchronized State state() {
        byte[] queued = new byte[input.size()];
        int i = 0;
        for (Byte b : input) {
            queued[i++] = b;
        }
        return new State(ier, lcr, mcr, scr, dll, dlm, thrEmptyPending, queued);
    }

    /** Takes a saved state and drives the interrupt line to match it. */
    public synchronized void restore(State state) {
        ier = state.ier();
        lcr = state.lcr();
        mcr = state.mcr();
        scr = state.scr();
        dll = state.dll();
        dlm = state.dlm();
        thrEmptyPending = state.thrEmptyPending();
        input.clear();
        for (byte b : state.input()) {
            input.add(b);
        }
        updateIrq();
    }

    @Override
    public long size() {
        return 0x100;
    }

    public void addOutputListener(IntConsumer listener) {
        outputListeners.add(listener);
    }

    public void removeOutputListener(IntConsumer listener) {
        outputListeners.remove(listener);
    }

    /** Bytes typed on the host side; beyond a bounded backlog, further input is dropped like a real FIFO overrun. */
    public synchronized void type(byte[] bytes) {
        for (byte b : bytes) {
            if (input.size() < INPUT_LIMIT) {
                input.add(b);
            }
        }
        updateIrq();
    }

    @Override
    public synchronized long read(long offset, int width) {
        int result;
        switch ((int) offset) {
            case 0 -> {
                if ((lcr & LCR_DLAB) != 0) {
                    result = dll;
                } else {
                    Byte b = input.poll();
                    result = b == null ? 0 : b & 0xFF;
                }
            }
            case 1 -> result = (lcr & LCR_DLAB) != 0 ? dlm : ier;
            case 2 -> result = interruptIdentification();
            case 3 -> result = lcr;
            case 4 -> result = mcr;
            case 5 -> result = LSR_THRE | LSR_TEMT | (input.isEmpty() ? 0 : LSR_DR);
            case 6 -> result = (mcr & 0x10) != 0 ? 0xF0 : 0xB0;
            case 7 -> result = scr;
            default -> result = 0;
        }
        updateIrq();
        return result;
    }

    private int interruptIdentification() {
        int fifo = 0xC0;
        if ((ier & IER_RDA) != 0 && !input.isEmpty()) {
            return fifo | 0x04;
        }
        if ((ier & IER_THRE) != 0 && thrEmptyPending) {
            thrEmptyPending = false;
            return fifo | 0x02;
        }
        return fifo | 0x01;
    }

    @Override
    public void write(long offset, int width, long value) {
        int v = (int) value & 0xFF;
        int out = -1;
        synchronized (this) {
            switch ((int) offset) {
                case 0 -> {
                    if ((lcr & LCR_DLAB) != 0) {
                        dll = v;
                    } else {
                        out = v;
                        thrEmptyPending = true;
                    }
                }
                case 1 -> {
                    if ((lcr & LCR_DLAB) != 0) {
                        dlm = v;
                    } else {
                        boolean threEnabling = (v & IER_THRE) != 0 && (ier & IER_THRE) == 0;
                        ier = v & 0x0F;
                        if (threEnabling) {
                            thrEmptyPending = true;
                        }
                    }
                }
                case 3 -> lcr = v;
                case 4 -> mcr = v & 0x1F;
                case 7 -> scr = v;
                default -> { }
            }
            updateIrq();
        }
        if (out >= 0) {
            // Loopback mode (MCR bit 4) is what the 8250 driver's probe uses; such bytes never reach the console.
            if ((mcr & 0x10) == 0) {
                for (IntConsumer l : outputListeners) {
                    l.accept(out);
                }
            }
        }
    }

    private void updateIrq() {
        boolean rx = (ier & IER_RDA) != 0 && !input.isEmpty();
        boolean tx = (ier & IER_THRE) != 0 && thrEmptyPending;
        irq.set(rx || tx);
    }
}
