package io.vireo.engine.host;

/** A power-on the host refused: the VM's memory would take the promises past the host's limit. */
public final class AdmissionRefusedException extends RuntimeException {
    private final HostFigures figures;
    private final long requestedBytes;

    AdmissionRefusedException(String vm, long requestedBytes, HostFigures figures) {
        super(("%s needs %d MiB, but the host has promised %d MiB of its limit of %d MiB (%d MiB of RAM × %.2f "
                + "memory overcommit) to %d powered-on VMs: %d MiB are left").formatted(vm, mib(requestedBytes),
                mib(figures.memoryPromisedBytes()), mib(figures.memoryLimitBytes()), mib(figures.memoryBytes()),
                figures.memoryOvercommit(), figures.vms(),
                mib(Math.max(0, figures.memoryLimitBytes() - figures.memoryPromisedBytes()))));
        this.figures = figures;
        this.requestedBytes = requestedBytes;
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }

    public HostFigures figures() {
        return figures;
    }

    public long requestedBytes() {
        return requestedBytes;
    }
}
