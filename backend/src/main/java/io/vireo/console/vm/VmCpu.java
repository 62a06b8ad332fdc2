package io.vireo.console.vm;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * A VM's share of the host CPU: {@code shares} weigh it against the other VMs when every host core is busy (a
 * VM with 2000 gets twice the CPU time of one with 1000), {@code capPercent} limits it even on an idle host, in
 * percent of one host core per vCPU (0: no cap).
 */
public record VmCpu(
        @Schema(description = "Weight against other VMs when the host is busy; 1000 is the default")
        @NotNull @Min(MIN_SHARES) @Max(MAX_SHARES) Integer shares,
        @Schema(description = "Limit in percent of one host core per vCPU; 0 for none")
        @NotNull @Min(0) @Max(100) Integer capPercent) {

    public static final int DEFAULT_SHARES = 1000;
    static final int MIN_SHARES = 10;
    static final int MAX_SHARES = 100_000;
    public static final VmCpu DEFAULT = new VmCpu(DEFAULT_SHARES, 0);
}
