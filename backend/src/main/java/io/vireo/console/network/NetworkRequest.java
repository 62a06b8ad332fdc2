package io.vireo.console.network;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A network as the API and the form describe it; the rules that span fields (a gateway inside the subnet, a DHCP
 * pool inside it, an uplink for a bridged network only) are the engine's and checked by {@link NetworkService}.
 */
public record NetworkRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                message = "letters, digits, dot, dash or underscore; 1 to 64 characters") String name,
        @NotNull NetworkKind kind,
        @NotBlank @Size(max = 18) @Schema(example = "10.0.2.0/24") String cidr,
        @NotBlank @Size(max = 15) @Schema(example = "10.0.2.2") String gateway,
        @Schema(description = "Whether the gateway leases addresses from the pool dhcpFirst..dhcpLast; off when left out")
        Boolean dhcp,
        @Size(max = 15) String dhcpFirst,
        @Size(max = 15) String dhcpLast,
        @Min(60) @Max(604800) Integer leaseSeconds,
        @Schema(description = "Whether the gateway answers DNS, forwarded to the host's resolver; off when left out")
        Boolean dns,
        @Size(max = 15) @Schema(description = "The host TAP device or bridge of a BRIDGED network") String uplink) {

    public static final int DEFAULT_LEASE_SECONDS = 3600;

    public NetworkRequest {
        leaseSeconds = leaseSeconds == null ? DEFAULT_LEASE_SECONDS : leaseSeconds;
        dhcp = Boolean.TRUE.equals(dhcp);
        dns = Boolean.TRUE.equals(dns);
    }
}
