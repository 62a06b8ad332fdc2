package io.vireo.console;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code vireo.*}: where the console keeps its files, what the inventory root is called,
 * the quota a new team starts with, when a VM's snapshot chains are deep enough to warn about, and how far
 * the host overcommits its memory.
 */
@ConfigurationProperties("vireo")
public record VireoProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("Datacenter") String datacenterName,
        @DefaultValue DefaultQuota defaultQuota,
        @DefaultValue Snapshots snapshots,
        @DefaultValue Host host) {

    public record DefaultQuota(
            @DefaultValue("16") int vcpus,
            @DefaultValue("32768") long memoryMib,
            @DefaultValue("500") long diskGib,
            @DefaultValue("10") int vms) {
    }

    /**
     * {@code maxDepth}: a disk chain deeper than this is shown with a warning, since every read the guest makes
     * walks the chain down to the file holding the data.
     */
    public record Snapshots(@DefaultValue("8") int maxDepth) {
    }

    /**
     * {@code memoryOvercommit}: how much guest memory the host promises its powered-on VMs per byte of its RAM;
     * a power-on beyond it is refused. At 1 no VM can be short of memory; above 1 the guests rely on not all
     * touching all of theirs at once, and when the host has less than {@code memoryReserveMib} available the
     * balloons of the idlest VMs take memory back.
     */
    public record Host(@DefaultValue("1.0") double memoryOvercommit, @DefaultValue("1024") long memoryReserveMib) {
    }
}
