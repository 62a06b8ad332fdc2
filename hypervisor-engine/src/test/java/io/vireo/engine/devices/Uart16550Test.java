package io.vireo.engine.devices;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The serial port as the 8250 driver uses it: transmit, receive, line status, interrupts and the divisor latch. */
class Uart16550Test {
    private static final int RBR_THR = 0, IER = 1, IIR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7;
    private static final int LSR_DR = 0x01, LSR_THRE = 0x20, LSR_TEMT = 0x40;
    private static final int IIR_NONE = 0xC1, IIR_THRE = 0xC2, IIR_RDA = 0xC4;

    private final boolean[] irq = new boolean[1];
    private final Uart16550 uart = new Uart16550(asserted -> irq[0] = asserted);
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    Uart16550Test() {
        uart.addOutputListener(console::write);
    }

    private int reg(int offset) {
        return (int) uart.read(offset, 1);
    }

    private void reg(int offset, int value) {
        uart.write(offset, 1, value);
    }

    @Test
    void bytesWrittenToTheTransmitterReachTheConsoleExceptInLoopback() {
        for (byte b : "hi\n".getBytes(StandardCharsets.US_ASCII)) {
            reg(RBR_THR, b);
        }
        assertThat(reg(LSR) & (LSR_THRE | LSR_TEMT)).as("always ready to send").isEqualTo(LSR_THRE | LSR_TEMT);
        reg(MCR, 0x10);
        reg(RBR_THR, 'x');
        assertThat(reg(MSR)).as("loopback ties the modem lines").isEqualTo(0xF0);
        reg(MCR, 0);
        assertThat(reg(MSR)).isEqualTo(0xB0);
        assertThat(console.toString(StandardCharsets.US_ASCII)).isEqualTo("hi\n");
    }

    @Test
    void typedBytesAreReadInOrderWhileDataReadyIsSet() {
        assertThat(reg(LSR) & LSR_DR).isZero();
        uart.type("ab".getBytes(StandardCharsets.US_ASCII));
        assertThat(reg(LSR) & LSR_DR).isEqualTo(LSR_DR);
        assertThat(reg(RBR_THR)).isEqualTo('a');
        assertThat(reg(RBR_THR)).isEqualTo('b');
        assertThat(reg(LSR) & LSR_DR).isZero();
        assertThat(reg(RBR_THR)).as("an empty receiver reads zero").isZero();
    }

    @Test
    void receivedDataInterruptsWhileEnabledAndUnread() {
        uart.type(new byte[] {'x'});
        assertThat(irq[0]).as("not enabled yet").isFalse();
        assertThat(reg(IIR)).isEqualTo(IIR_NONE);
        reg(IER, 1);
        assertThat(irq[0]).isTrue();
        assertThat(reg(IIR)).isEqualTo(IIR_RDA);
        reg(RBR_THR);
        assertThat(irq[0]).as("everything read").isFalse();
        assertThat(reg(IIR)).isEqualTo(IIR_NONE);
    }

    @Test
    void transmitterEmptyInterruptsOnceWhenEnabledAndAfterEachByte() {
        reg(IER, 2);
        assertThat(irq[0]).isTrue();
        assertThat(reg(IIR)).as("reading IIR acknowledges it").isEqualTo(IIR_THRE);
        assertThat(irq[0]).isFalse();
        assertThat(reg(IIR)).isEqualTo(IIR_NONE);
        reg(RBR_THR, 'y');
        assertThat(irq[0]).isTrue();
        reg(IER, 0);
        assertThat(irq[0]).isFalse();
        assertThat(reg(IER)).isZero();
    }

    @Test
    void receivedDataTakesPriorityOverTransmitterEmpty() {
        reg(IER, 3);
        uart.type(new byte[] {'z'});
        assertThat(reg(IIR)).isEqualTo(IIR_RDA);
        reg(RBR_THR);
        assertThat(reg(IIR)).isEqualTo(IIR_THRE);
    }

    @Test
    void theDivisorLatchSharesTheFirstTwoRegistersWhileDlabIsSet() {
        uart.type(new byte[] {'q'});
        reg(IER, 1);
        reg(LCR, 0x83);
        assertThat(reg(RBR_THR)).as("divisor low byte, reset value").isEqualTo(1);
        reg(RBR_THR, 0x0C);
        reg(IER, 0x00);
        assertThat(reg(RBR_THR)).isEqualTo(0x0C);
        assertThat(reg(IER)).as("divisor high byte").isZero();
        assertThat(console.size()).as("divisor writes are not output").isZero();
        reg(LCR, 0x03);
        assertThat(reg(LCR)).isEqualTo(0x03);
        assertThat(reg(IER)).as("the interrupt enables were not touched").isEqualTo(1);
        assertThat(reg(RBR_THR)).as("the byte waited behind the latch").isEqualTo('q');
    }

    @Test
    void theFifoIsReportedAndTypingBeyondItsBacklogIsDropped() {
        assertThat(reg(IIR) & 0xC0).as("FIFOs enabled").isEqualTo(0xC0);
        uart.type(new byte[70_000]);
        int read = 0;
        while ((reg(LSR) & LSR_DR) != 0) {
            reg(RBR_THR);
            read++;
        }
        assertThat(read).isEqualTo(64 * 1024);
    }

    @Test
    void theScratchRegisterKeepsWhatWasWritten() {
        reg(SCR, 0x5A);
        assertThat(reg(SCR)).isEqualTo(0x5A);
        assertThat(uart.read(0x40, 1)).as("outside the registers").isZero();
    }
}
