package io.vireo.engine.devices.virtio.scsi;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.mmu.GuestMemory;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A command's data in guest RAM: the data-out bytes after the request header (guest to device) and the
 * data-in room after the response header (device to guest). At most one of them is non-empty: the
 * parser refuses bidirectional chains.
 */
final class DataBuffers {
    private final GuestMemory memory;
    private final DescriptorChain chain;
    private final int requestHeader, responseHeader;

    DataBuffers(GuestMemory memory, DescriptorChain chain, int requestHeader, int responseHeader) {
        this.memory = memory;
        this.chain = chain;
        this.requestHeader = requestHeader;
        this.responseHeader = responseHeader;
    }

    /** Room the guest gave for data-in. */
    long inLength() {
        return chain.writableLength() - responseHeader;
    }

    /** Bytes of data-out the guest sent. */
    long outLength() {
        return chain.readableLength() - requestHeader;
    }

    /** Sends a small answer, cut to the command's allocation length and to the room given. */
    Completion send(byte[] data, long allocation) {
        int n = (int) Math.min(data.length, Math.min(allocation, inLength()));
        chain.write(memory, responseHeader, data, n);
        return Completion.good(n);
    }

    /** Guest RAM to fill with {@code length} bytes of data-in (the caller checked it fits). */
    List<ByteBuffer> inViews(long length) {
        return DescriptorChain.views(memory, chain.writable(), responseHeader, length);
    }

    /** Guest RAM holding the first {@code length} bytes of data-out (the caller checked they are there). */
    List<ByteBuffer> outViews(long length) {
        return DescriptorChain.views(memory, chain.readable(), requestHeader, length);
    }

    /** Tells the code caches that the device wrote the data-in buffers (DMA behind the harts' backs). */
    void markInWritten() {
        for (DescriptorChain.Segment s : chain.writable()) {
            memory.markWritten(s.address(), s.length());
        }
    }
}
