package io.vireo.engine.devices.virtio.scsi;

/**
 * How one command ended: the virtio response code (0 when the command reached its unit), the SCSI status,
 * the sense data for CHECK CONDITION, and how many data bytes moved to or from the guest.
 */
record Completion(int response, int status, Sense sense, long transferred) {
    /** virtio response codes (virtio 1.2 §5.6.6.1). */
    static final int S_OK = 0, S_OVERRUN = 1, S_BAD_TARGET = 3, S_FAILURE = 9;
    static final int GOOD = 0, CHECK_CONDITION = 2;

    static Completion good(long transferred) {
        return new Completion(S_OK, GOOD, Sense.NONE, transferred);
    }

    static Completion check(Sense sense) {
        return new Completion(S_OK, CHECK_CONDITION, sense, 0);
    }

    /** The command names more data than the guest's buffers hold (or gave). */
    static Completion overrun() {
        return new Completion(S_OVERRUN, GOOD, Sense.NONE, 0);
    }

    static Completion failed(int response) {
        return new Completion(response, GOOD, Sense.NONE, 0);
    }
}
