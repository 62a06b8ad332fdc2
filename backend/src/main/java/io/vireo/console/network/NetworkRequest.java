package io.vireo.console.network;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record NetworkRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                message = "letters, digits, dot, dash or underscore; 1 to 64 characters") String name,
        @NotNull NetworkKind kind,
        @Pattern(regexp = "(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}", message = "an IPv4 network such as 10.0.2.0/24")
        String cidr) {
}
