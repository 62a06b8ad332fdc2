package io.vireo.engine.mmu;

/** A guest-physical access that hits no RAM: becomes an access fault for a hart, an error for a device. */
public final class GuestMemoryException extends RuntimeException {
    private final long address;

    public GuestMemoryException(long address, long length) {
        super("guest-physical access outside RAM: 0x%x (+%d)".formatted(address, length));
        this.address = address;
    }

    public long address() {
        return address;
    }
}
