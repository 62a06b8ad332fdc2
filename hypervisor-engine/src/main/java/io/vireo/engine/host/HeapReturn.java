package io.vireo.engine.host;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Makes the JVM give the heap it no longer needs back to the host, once per process, when the first machine is
 * built. Guest RAM lives outside the heap, which holds only the engine's own structures; but a boot churns
 * through hundreds of MiB of short-lived objects, and with HotSpot's defaults G1 kept most of that peak
 * committed while the VMs idled: ten idle tiny VMs held 34 MiB each beyond their guest memory, mostly free heap.
 *
 * <p>Three manageable flags change that, each only where the operator left it at its default:
 * <ul>
 *   <li>a periodic collection after {@link #PERIODIC_GC_MILLIS} without one, since an idle console otherwise
 *       never collects again and so never shrinks;</li>
 *   <li>free-heap bounds of 10–30 % instead of 40–70 % for what a collection keeps committed.</li>
 * </ul>
 * They are set through the HotSpot diagnostic MBean, so neither the console nor the CLI needs a command-line
 * flag; a JVM without that MBean keeps its defaults.
 */
public final class HeapReturn {
    static final long PERIODIC_GC_MILLIS = 30_000;
    /** The flags in the order they are set: the minimum drops first, so that it never exceeds the maximum. */
    static final List<Setting> SETTINGS = List.of(
            new Setting("MinHeapFreeRatio", "10"),
            new Setting("MaxHeapFreeRatio", "30"),
            new Setting("G1PeriodicGCInterval", Long.toString(PERIODIC_GC_MILLIS)));

    record Setting(String flag, String value) {
    }

    private static final boolean APPLIED = apply();

    private HeapReturn() {
    }

    /** Applies the settings the first time it is called; whether the JVM took them. */
    public static boolean install() {
        return APPLIED;
    }

    private static boolean apply() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null) {
            return false;
        }
        try {
            for (Setting s : SETTINGS) {
                if (hotspot.getVMOption(s.flag()).getOrigin() == VMOption.Origin.DEFAULT) {
                    hotspot.setVMOption(s.flag(), s.value());
                }
            }
            return true;
        } catch (IllegalArgumentException | SecurityException e) {
            // A JVM without one of these flags, or one that refuses to change it: its own policy stands.
            return false;
        }
    }
}
