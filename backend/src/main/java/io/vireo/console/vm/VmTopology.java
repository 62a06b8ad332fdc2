package io.vireo.console.vm;

import io.vireo.console.domain.InvalidFieldException;

/**
 * How a VM's vCPUs sit in its virtual sockets, as servers have them and as the guest sees them ({@code lscpu}):
 * {@code sockets} of {@code coresPerSocket} cores, each core running {@code threadsPerCore} vCPUs.
 */
public record VmTopology(int sockets, int coresPerSocket, int threadsPerCore) {

    static final int MAX_THREADS_PER_CORE = 8;

    public int vcpus() {
        return sockets * coresPerSocket * threadsPerCore;
    }

    /** What a VM gets unless told otherwise: every vCPU a core of one socket. */
    static VmTopology oneSocket(int vcpus) {
        return new VmTopology(1, vcpus, 1);
    }

    /**
     * {@code vcpus} in sockets of {@code coresPerSocket} cores (left out: one socket) of {@code threadsPerCore}
     * threads (left out: 1); refused unless they fill whole sockets.
     */
    static VmTopology of(int vcpus, Integer coresPerSocket, Integer threadsPerCore) {
        int threads = threadsPerCore == null ? 1 : threadsPerCore;
        if (threads < 1 || threads > MAX_THREADS_PER_CORE || vcpus % threads != 0) {
            throw new InvalidFieldException("threadsPerCore", "Threads per core must be 1 to " + MAX_THREADS_PER_CORE
                    + " and divide the " + vcpus + " vCPUs");
        }
        int cores = coresPerSocket == null ? vcpus / threads : coresPerSocket;
        if (cores < 1 || vcpus % (cores * threads) != 0) {
            throw new InvalidFieldException("coresPerSocket", vcpus + " vCPUs do not fill whole sockets of " + cores
                    + " cores x " + threads + (threads == 1 ? " thread" : " threads") + ": choose cores per socket"
                    + " (times threads per core) that divide the vCPUs");
        }
        return new VmTopology(vcpus / (cores * threads), cores, threads);
    }

    @Override
    public String toString() {
        return sockets + (sockets == 1 ? " socket" : " sockets") + " x " + coresPerSocket
                + (coresPerSocket == 1 ? " core" : " cores") + (threadsPerCore == 1 ? "" : " x " + threadsPerCore
                + " threads");
    }
}
