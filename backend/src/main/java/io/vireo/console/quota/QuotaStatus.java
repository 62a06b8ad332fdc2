package io.vireo.console.quota;

import java.util.List;

/** A team's quota beside what it uses, and what a pending request would add: what the quota bars draw. */
public record QuotaStatus(Long teamId, String teamName, Resources limit, Resources used, Resources requested) {

    public Resources after() {
        return used.plus(requested);
    }

    public List<String> exceeded() {
        return after().exceeding(limit);
    }

    public List<Bar> bars() {
        return List.of(
                new Bar("vCPUs", used.vcpus(), requested.vcpus(), limit.vcpus(), ""),
                new Bar("Memory", used.memoryMib(), requested.memoryMib(), limit.memoryMib(), "MiB"),
                new Bar("Disk", used.diskGib(), requested.diskGib(), limit.diskGib(), "GiB"),
                new Bar("VMs", used.vms(), requested.vms(), limit.vms(), ""));
    }

    public record Bar(String label, long used, long requested, long limit, String unit) {

        public int usedPercent() {
            return percent(used);
        }

        public int requestedPercent() {
            return Math.max(0, Math.min(100 - usedPercent(), percent(used + requested) - usedPercent()));
        }

        public boolean over() {
            return used + requested > limit;
        }

        private int percent(long amount) {
            return limit <= 0 ? (amount > 0 ? 100 : 0) : (int) Math.min(100, amount * 100 / limit);
        }
    }
}
