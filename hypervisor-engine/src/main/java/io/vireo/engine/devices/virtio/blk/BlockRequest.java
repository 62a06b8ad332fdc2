package io.vireo.engine.devices.virtio.blk;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.mmu.GuestMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A virtio-blk request parsed from its chain (virtio 1.x §5.2.6): the 16-byte header the driver
 * wrote, the data buffers, and the one status byte at the very end of the writable part. Everything
 * the guest controls is checked here; a chain that does not have this shape is rejected.
 */
record BlockRequest(int type, long sector, DescriptorChain chain, long dataLength) {
    static final int IN = 0, OUT = 1, FLUSH = 4, GET_ID = 8, DISCARD = 11, WRITE_ZEROES = 13;
    static final int HEADER = 16;

    static BlockRequest parse(GuestMemory memory, DescriptorChain chain) throws BadRequest {
        if (chain.readableLength() < HEADER || chain.writableLength() < 1) {
            throw new BadRequest("request without header or status byte");
        }
        byte[] header = new byte[HEADER];
        chain.read(memory, 0, header);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        int type = h.getInt(0);
        long sector = h.getLong(8);
        long data = type == IN || type == GET_ID ? chain.writableLength() - 1 : chain.readableLength() - HEADER;
        return new BlockRequest(type, sector, chain, data);
    }

    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }
}
