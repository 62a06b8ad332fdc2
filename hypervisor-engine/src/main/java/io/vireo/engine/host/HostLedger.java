package io.vireo.engine.host;

import io.vireo.engine.vm.VirtualMachine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the host promised to the VMs it powers on: every admitted VM's vCPUs and memory, against the host's
 * cores and RAM. Memory is the scarce one: a power-on whose memory would take the promises past RAM times
 * the allowed overcommit is refused with the figures. vCPUs are only counted: they take turns on the
 * cores by their shares.
 */
public final class HostLedger {
    private final HostResources host;
    private final double memoryOvercommit;
    private final Map<VirtualMachine, Long> promised = new LinkedHashMap<>();

    /** @param memoryOvercommit how many bytes of guest memory the host may promise per byte of RAM (1 = none) */
    public HostLedger(HostResources host, double memoryOvercommit) {
        if (!(memoryOvercommit >= 0.1 && memoryOvercommit <= 100)) {
            throw new IllegalArgumentException("the memory overcommit ratio must be 0.1..100, was " + memoryOvercommit);
        }
        this.host = host;
        this.memoryOvercommit = memoryOvercommit;
    }

    /**
     * Promises {@code vm} its memory (as its spec says) until {@link #release}; a VM already admitted is
     * admitted again at no cost.
     *
     * @throws AdmissionRefusedException if the promise would exceed the host's limit
     */
    public synchronized void admit(VirtualMachine vm) {
        if (promised.containsKey(vm)) {
            return;
        }
        long memory = vm.spec().memoryBytes();
        HostFigures now = figures();
        if (now.memoryPromisedBytes() + memory > now.memoryLimitBytes()) {
            throw new AdmissionRefusedException(vm.spec().name(), memory, now);
        }
        promised.put(vm, memory);
    }

    public synchronized void release(VirtualMachine vm) {
        promised.remove(vm);
    }

    /** The admitted VMs, in the order they were admitted. */
    public synchronized List<VirtualMachine> admitted() {
        return new ArrayList<>(promised.keySet());
    }

    public synchronized HostFigures figures() {
        long memory = 0, held = 0;
        int vcpus = 0;
        for (Map.Entry<VirtualMachine, Long> e : promised.entrySet()) {
            memory += e.getValue();
            vcpus += e.getKey().spec().harts();
            held += e.getKey().residentMemoryBytes();
        }
        return new HostFigures(host.cores(), host.memoryBytes(), promised.size(), vcpus, memory, held, memoryOvercommit);
    }
}
