package io.vireo.engine.devices.virtio.scsi;

/**
 * A command descriptor block as the guest sent it, big-endian fields read by offset. The array is at least
 * 16 bytes long whatever CDB size the driver chose, so a field past what it sent reads as zero.
 */
record Cdb(byte[] bytes) {
    static final int MIN_LENGTH = 16;

    Cdb {
        if (bytes.length < MIN_LENGTH) {
            throw new IllegalArgumentException("a CDB buffer holds at least " + MIN_LENGTH + " bytes");
        }
    }

    int opcode() {
        return u8(0);
    }

    int u8(int offset) {
        return bytes[offset] & 0xFF;
    }

    int u16(int offset) {
        return u8(offset) << 8 | u8(offset + 1);
    }

    long u32(int offset) {
        return (long) u16(offset) << 16 | u16(offset + 2);
    }

    long u64(int offset) {
        return u32(offset) << 32 | u32(offset + 4);
    }
}
