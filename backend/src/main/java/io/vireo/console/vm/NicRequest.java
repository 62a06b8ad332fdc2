package io.vireo.console.vm;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A network card as the API and the forms describe it; the network checks the fixed address. */
public record NicRequest(
        @NotNull Long networkId,
        @Size(max = 17) @Schema(description = "Generated (52:56:00:…) when left out; unique in the console",
                example = "52:56:00:12:34:56") String mac,
        @Min(1) @Max(4094) @Schema(description = "The VLAN of the network the NIC is on; none when left out")
        Integer vlan,
        @Min(1) @Max(100000) @Schema(description = "The most the NIC sends and receives, in MB/s; unlimited when"
                + " left out") Integer rateLimitMbps,
        @Size(max = 15) @Schema(description = "A fixed address the network's DHCP server hands this NIC")
        String reservedAddress) {

    /** A NIC on this network with a generated MAC and nothing else set. */
    public static NicRequest on(Long networkId) {
        return new NicRequest(networkId, null, null, null, null);
    }
}
