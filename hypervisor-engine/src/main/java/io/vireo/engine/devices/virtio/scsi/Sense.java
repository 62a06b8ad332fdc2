package io.vireo.engine.devices.virtio.scsi;

/**
 * Why a command ended in CHECK CONDITION: the sense key and additional sense code (SPC-4 §4.5), which the
 * guest reads as fixed-format sense data with the response.
 */
record Sense(int key, int asc, int ascq) {
    static final int NO_SENSE = 0, NOT_READY = 2, MEDIUM_ERROR = 3, ILLEGAL_REQUEST = 5, UNIT_ATTENTION = 6,
            DATA_PROTECT = 7;

    static final Sense NONE = new Sense(NO_SENSE, 0, 0);
    static final Sense INVALID_OPCODE = new Sense(ILLEGAL_REQUEST, 0x20, 0);
    static final Sense LBA_OUT_OF_RANGE = new Sense(ILLEGAL_REQUEST, 0x21, 0);
    static final Sense INVALID_FIELD = new Sense(ILLEGAL_REQUEST, 0x24, 0);
    static final Sense LUN_NOT_SUPPORTED = new Sense(ILLEGAL_REQUEST, 0x25, 0);
    static final Sense SAVING_NOT_SUPPORTED = new Sense(ILLEGAL_REQUEST, 0x39, 0);
    static final Sense REMOVAL_PREVENTED = new Sense(ILLEGAL_REQUEST, 0x53, 0x02);
    static final Sense WRITE_PROTECTED = new Sense(DATA_PROTECT, 0x27, 0);
    /** The drive is empty and its tray closed. */
    static final Sense MEDIUM_NOT_PRESENT = new Sense(NOT_READY, 0x3A, 0x01);
    static final Sense MEDIUM_MAY_HAVE_CHANGED = new Sense(UNIT_ATTENTION, 0x28, 0);
    static final Sense READ_ERROR = new Sense(MEDIUM_ERROR, 0x11, 0);
    static final Sense WRITE_ERROR = new Sense(MEDIUM_ERROR, 0x0C, 0);

    /** Fixed-format sense data: 18 bytes, current error. */
    byte[] fixedFormat() {
        byte[] b = new byte[18];
        b[0] = 0x70;
        b[2] = (byte) key;
        b[7] = 10;
        b[12] = (byte) asc;
        b[13] = (byte) ascq;
        return b;
    }
}
