package io.vireo.engine.devices.virtio.scsi;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.mmu.GuestMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The control queue's requests (virtio 1.2 §5.6.6.2): task management functions and asynchronous
 * notification queries and subscriptions. Commands run to completion one at a time on the device's
 * I/O thread, so there is never a task to abort: aborts, task-set clears and resets complete at once,
 * queries find nothing, and no notification class is offered.
 */
final class TaskManagement {
    private static final int TMF = 0, AN_QUERY = 1, AN_SUBSCRIBE = 2;
    private static final int TMF_REQUEST = 24, AN_REQUEST = 16, AN_RESPONSE = 5;
    private static final int CLEAR_ACA = 2;
    private static final int S_FUNCTION_COMPLETE = 0, S_FUNCTION_REJECTED = 11, S_INCORRECT_LUN = 12;

    /** Whether a unit answers at {target, lun}. */
    @FunctionalInterface
    interface Units {
        boolean present(int target, int lun);
    }

    private TaskManagement() {
    }

    /** Answers one control request; returns the bytes written into the chain. */
    static int serve(GuestMemory memory, DescriptorChain chain, Units units) {
        if (chain.writableLength() < 1) {
            return 0;
        }
        byte[] request = new byte[TMF_REQUEST];
        int length = chain.read(memory, 0, request);
        ByteBuffer r = ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN);
        int type = length >= 4 ? r.getInt(0) : -1;
        if (type == TMF && length == TMF_REQUEST) {
            int response = !addressed(request, 8, units) ? S_INCORRECT_LUN
                    : r.getInt(4) == CLEAR_ACA ? S_FUNCTION_REJECTED : S_FUNCTION_COMPLETE;
            return respond(memory, chain, new byte[] {(byte) response});
        }
        if ((type == AN_QUERY || type == AN_SUBSCRIBE) && length >= AN_REQUEST && chain.writableLength() >= AN_RESPONSE) {
            int response = addressed(request, 4, units) ? Completion.S_OK : Completion.S_BAD_TARGET;
            return respond(memory, chain, new byte[] {0, 0, 0, 0, (byte) response});
        }
        return respond(memory, chain, new byte[] {(byte) Completion.S_FAILURE});
    }

    private static boolean addressed(byte[] request, int lun, Units units) {
        return request[lun] == 1 && units.present(request[lun + 1] & 0xFF,
                (request[lun + 2] & 0x3F) << 8 | request[lun + 3] & 0xFF);
    }

    private static int respond(GuestMemory memory, DescriptorChain chain, byte[] response) {
        return chain.write(memory, 0, response, response.length);
    }
}
