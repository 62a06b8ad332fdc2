package io.vireo.engine.network.uplink;

import io.vireo.engine.host.Libc;

/** A C library call the uplink made failed with {@code errno}; the uplink turns it into words for the user. */
final class HostCallFailed extends Exception {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int ENXIO = 6;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EINVAL = 22;

    private final int errno;

    HostCallFailed(String call, int errno) {
        super(call + ": " + Libc.describe(errno));
        this.errno = errno;
    }

    int errno() {
        return errno;
    }

    /** Whether the kernel refused for want of a privilege (root or CAP_NET_ADMIN), not for the request itself. */
    boolean deniedPrivilege() {
        return errno == EPERM || errno == EACCES;
    }
}
