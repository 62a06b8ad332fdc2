package io.vireo.console.vm;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A port forward to add to a NIC. */
public record ForwardRequest(
        @NotNull ForwardProtocol protocol,
        @Size(max = 15) @Schema(description = "The host address to listen on: 127.0.0.1 when left out; only an"
                + " administrator may name another", example = "127.0.0.1") String hostAddress,
        @NotNull @Min(1) @Max(65535) Integer hostPort,
        @NotNull @Min(1) @Max(65535) Integer guestPort) {

    public static final String LOOPBACK = "127.0.0.1";

    public String hostAddressOrLoopback() {
        return hostAddress == null || hostAddress.isBlank() ? LOOPBACK : hostAddress.strip();
    }
}
