package io.vireo.engine.mmu;

import io.vireo.engine.devices.MmioDevice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The guest-physical address space: RAM plus device register windows. */
public final class Bus {
    private record Mapping(long base, long size, MmioDevice device) {
    }

    private final GuestMemory ram;
    private final List<Mapping> mappings = new ArrayList<>();
    private Mapping[] lookup = new Mapping[0];

    public Bus(GuestMemory ram) {
        this.ram = ram;
    }

    public GuestMemory ram() {
        return ram;
    }

    public synchronized void map(long base, MmioDevice device) {
        long size = device.size();
        for (Mapping m : mappings) {
            if (base < m.base + m.size && m.base < base + size) {
                throw new IllegalArgumentException("device window 0x%x overlaps 0x%x".formatted(base, m.base));
            }
        }
        if (ram.contains(base, 1) || ram.contains(base + size - 1, 1)) {
            throw new IllegalArgumentException("device window 0x%x overlaps RAM".formatted(base));
        }
        mappings.add(new Mapping(base, size, device));
        mappings.sort(Comparator.comparingLong(Mapping::base));
        lookup = mappings.toArray(Mapping[]::new);
    }

    private Mapping find(long address, int width) {
        for (Mapping m : lookup) {
            if (address >= m.base && address + width <= m.base + m.size) {
                return m;
            }
        }
        return null;
    }

    /** Whether {@code [address, address+width)} is device registers (so a load or store there is valid). */
    public boolean isDevice(long address, int width) {
        return find(address, width) != null;
    }

    /** Reads device registers; returns {@code null}-equivalent by throwing when nothing is there. */
    public long readDevice(long address, int width) {
        Mapping m = find(address, width);
        if (m == null) {
            throw new GuestMemoryException(address, width);
        }
        return m.device.read(address - m.base, width);
    }

    public void writeDevice(long address, int width, long value) {
        Mapping m = find(address, width);
        if (m == null) {
            throw new GuestMemoryException(address, width);
        }
        m.device.write(address - m.base, width, value);
    }
}
