package io.vireo.engine.devices.virtio;

import io.vireo.engine.devices.virtio.input.VirtioInput;
import io.vireo.engine.devices.virtio.input.VirtioInputPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.vireo.engine.devices.virtio.TestDriver.RAM;
import static org.assertj.core.api.Assertions.assertThat;

class VirtioInputTest {
    private static final long EVENTS = RAM + 0x100000;

    private TestDriver keyboardDriver = new TestDriver(VirtioInput::keyboard);
    private TestDriver tabletDriver = new TestDriver(VirtioInput::tablet);

    @AfterEach
    void close() {
        keyboardDriver.close();
        tabletDriver.close();
    }

    private static byte[] config(TestDriver d, int select, int subsel) {
        d.transport.write(0x100, 1, select);
        d.transport.write(0x101, 1, subsel);
        int size = (int) d.transport.read(0x102, 1);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) d.transport.read(0x108 + i, 1);
        }
        return data;
    }

    @Test
    void describesItselfTheWayLinuxAsks() {
        assertThat(new String(config(keyboardDriver, 1, 0), StandardCharsets.US_ASCII)).isEqualTo("Vireo keyboard");
        byte[] keys = config(keyboardDriver, 0x11, 1);
        assertThat(keys[30 / 8] & (1 << (30 % 8))).as("KEY_A").isNotZero();
        assertThat(config(keyboardDriver, 0x11, 3)).as("a keyboard has no absolute axes").isEmpty();
        assertThat(config(keyboardDriver, 0x11, 0x14))
                .as("no autorepeat in the guest: a key held on the viewer repeats there, and a late key-up"
                        + " from a busy host must not make the guest repeat it").isEmpty();
        byte[] abs = config(tabletDriver, 0x12, 0);
        assertThat(java.nio.ByteBuffer.wrap(abs).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(4)).isEqualTo(32767);
    }

    private void postEventBuffers(TestDriver d, int count) {
        for (int i = 0; i < count; i++) {
            d.post(0, new TestDriver.Buffer(EVENTS + 8L * i, 8, true));
        }
    }

    private int[] event(TestDriver d, int index) {
        long at = EVENTS + 8L * index;
        return new int[] {d.memory.readShort(at), d.memory.readShort(at + 2), d.memory.readInt(at + 4)};
    }

    @Test
    void keysAndPointerBecomeLinuxInputEventsEvenWhenBuffersComeLater() throws Exception {
        keyboardDriver.start(2);
        tabletDriver.start(2);
        VirtioInputPair pair = new VirtioInputPair((VirtioInput) keyboardDriver.transport.device(),
                (VirtioInput) tabletDriver.transport.device());
        pair.key(30, true);
        postEventBuffers(keyboardDriver, 2);
        keyboardDriver.awaitUsed(0, 2);
        assertThat(event(keyboardDriver, 0)).containsExactly(1, 30, 1);
        assertThat(event(keyboardDriver, 1)).containsExactly(0, 0, 0);

        postEventBuffers(tabletDriver, 4);
        pair.pointer(1023, 0, 1024, 768, 1);
        tabletDriver.awaitUsed(0, 4);
        assertThat(event(tabletDriver, 0)).containsExactly(3, 0, 32767);
        assertThat(event(tabletDriver, 1)).containsExactly(3, 1, 0);
        assertThat(event(tabletDriver, 2)).containsExactly(1, 0x110, 1);
        assertThat(event(tabletDriver, 3)).containsExactly(0, 0, 0);
    }
}
