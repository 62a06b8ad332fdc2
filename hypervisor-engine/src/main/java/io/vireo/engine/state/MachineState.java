package io.vireo.engine.state;

import io.vireo.engine.cpu.HartState;
import io.vireo.engine.devices.Plic;
import io.vireo.engine.devices.Uart16550;
import io.vireo.engine.devices.virtio.VirtioMmioTransport;

import java.util.List;

/**
 * A stopped machine's whole state but its RAM (which goes to its own file, {@link MemoryFile}): what
 * {@link MachineStateFile} writes and reads.
 *
 * @param clockTicks the guest timer's count when the machine stopped; a resumed machine's continues from it
 * @param hsmStates  each hart's SBI HSM state (started or stopped)
 */
public record MachineState(Shape shape, long clockTicks, List<HartState> harts, int[] hsmStates, Plic.State plic,
                           Uart16550.State uart, long rtcOffsetNanos, List<VirtioMmioTransport.State> virtio) {
    /**
     * What a machine is built of; a state only fits a machine of the same shape.
     *
     * @param virtioDeviceIds the virtio device ID in each populated virtio-mmio slot, in slot order
     */
    public record Shape(int harts, long ramBase, long ramSize, int[] virtioDeviceIds) {
        public Shape {
            virtioDeviceIds = virtioDeviceIds.clone();
        }

        @Override
        public int[] virtioDeviceIds() {
            return virtioDeviceIds.clone();
        }

        /** Why a machine of shape {@code other} cannot take this state, or null if it can. */
        public String mismatch(Shape other) {
            if (harts != other.harts) {
                return "it was saved with " + harts + " harts, the machine has " + other.harts;
            }
            if (ramBase != other.ramBase || ramSize != other.ramSize) {
                return "it was saved with %d MiB of RAM at 0x%x, the machine has %d MiB at 0x%x"
                        .formatted(ramSize >> 20, ramBase, other.ramSize >> 20, other.ramBase);
            }
            if (!java.util.Arrays.equals(virtioDeviceIds, other.virtioDeviceIds)) {
                return "it was saved with virtio devices " + java.util.Arrays.toString(virtioDeviceIds)
                        + ", the machine has " + java.util.Arrays.toString(other.virtioDeviceIds);
            }
            return null;
        }
    }

    public MachineState {
        harts = List.copyOf(harts);
        hsmStates = hsmStates.clone();
        virtio = List.copyOf(virtio);
    }

    @Override
    public int[] hsmStates() {
        return hsmStates.clone();
    }
}
