package io.vireo.console.hosts;

import java.lang.management.ManagementFactory;

import com.sun.management.OperatingSystemMXBean;

/** How busy the console machine's CPUs are, where the embedded engine runs its VMs. */
final class MachineCpu {

    private MachineCpu() {
    }

    /** Percent of all the machine's CPUs, as the JVM last measured it; null when it cannot tell. */
    static Double percent() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            double load = os.getCpuLoad();
            return load < 0 ? null : Math.round(load * 1000) / 10.0;
        }
        return null;
    }
}
