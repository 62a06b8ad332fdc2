package io.vireo.engine.devices.virtio.scsi;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.mmu.GuestMemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One virtio_scsi_cmd_req, checked (virtio 1.2 §5.6.6.1): the request header {lun[8], id, task_attr, prio,
 * crn, cdb[cdb_size]} and the response header {sense_len, resid, status_qualifier, status, response,
 * sense[sense_size]} both fit the chain, the LUN is in the single-level format {1, target, lun (flat
 * space), 0…}, and data flows one way only. Everything the guest controls in a request is checked here;
 * {@link #respond} writes the response header, the only part of the chain the device writes besides data.
 */
record ScsiRequest(int target, int lun, Cdb cdb, DataBuffers data) {
    private static final int CDB_OFFSET = 19, SENSE_OFFSET = 12;

    static int requestHeader(int cdbSize) {
        return CDB_OFFSET + cdbSize;
    }

    static int responseHeader(int senseSize) {
        return SENSE_OFFSET + senseSize;
    }

    /**
     * Parses a chain the driver posted on a request queue.
     *
     * @throws Refused with the virtio response to write, when the chain is not a command to run
     * @throws Unanswerable when the chain has no room for a response at all
     */
    static ScsiRequest parse(GuestMemory memory, DescriptorChain chain, int cdbSize, int senseSize)
            throws Refused, Unanswerable {
        int requestHeader = requestHeader(cdbSize), responseHeader = responseHeader(senseSize);
        if (chain.writableLength() < responseHeader) {
            throw new Unanswerable();
        }
        if (chain.readableLength() < requestHeader) {
            throw new Refused(Completion.S_FAILURE);
        }
        DataBuffers data = new DataBuffers(memory, chain, requestHeader, responseHeader);
        if (data.inLength() > 0 && data.outLength() > 0) {
            throw new Refused(Completion.S_FAILURE);
        }
        byte[] header = new byte[requestHeader];
        chain.read(memory, 0, header);
        if (header[0] != 1 || (header[2] & 0xC0) > 0x40 || header[4] != 0 || header[5] != 0 || header[6] != 0
                || header[7] != 0) {
            throw new Refused(Completion.S_BAD_TARGET);
        }
        byte[] cdb = new byte[Math.max(Cdb.MIN_LENGTH, cdbSize)];
        System.arraycopy(header, CDB_OFFSET, cdb, 0, cdbSize);
        return new ScsiRequest(header[1] & 0xFF, (header[2] & 0x3F) << 8 | header[3] & 0xFF, new Cdb(cdb), data);
    }

    /**
     * Writes the response header for {@code done}; returns the bytes written into the chain (the header and
     * any data-in). The residual is the room or data the command did not use.
     */
    static int respond(GuestMemory memory, DescriptorChain chain, int cdbSize, int senseSize, Completion done) {
        long dataIn = chain.writableLength() - responseHeader(senseSize);
        long dataOut = Math.max(0, chain.readableLength() - requestHeader(cdbSize));
        long resid = Math.max(0, (dataIn > 0 ? dataIn : dataOut) - done.transferred());
        byte[] sense = done.status() == Completion.CHECK_CONDITION ? done.sense().fixedFormat() : new byte[0];
        int senseLength = Math.min(sense.length, senseSize);
        ByteBuffer r = ByteBuffer.allocate(SENSE_OFFSET + senseLength).order(ByteOrder.LITTLE_ENDIAN);
        r.putInt(senseLength).putInt((int) Math.min(resid, 0xFFFF_FFFFL)).putShort((short) 0)
                .put((byte) done.status()).put((byte) done.response()).put(sense, 0, senseLength);
        chain.write(memory, 0, r.array(), r.capacity());
        return responseHeader(senseSize) + (int) Math.min(done.transferred(), Math.max(0, dataIn));
    }

    /** A chain that is not a command to run; {@code response} is what the guest reads. */
    static final class Refused extends Exception {
        final int response;

        Refused(int response) {
            // No stack trace: a guest can send these as fast as it likes.
            super(null, null, false, false);
            this.response = response;
        }
    }

    /** A chain without room for the response header: it goes back to the driver with nothing written. */
    static final class Unanswerable extends Exception {
        Unanswerable() {
            super(null, null, false, false);
        }
    }
}
