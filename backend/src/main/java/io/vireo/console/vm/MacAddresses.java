package io.vireo.console.vm;

import java.security.SecureRandom;

import org.springframework.stereotype.Component;

/** Hands out locally administered unicast MAC addresses (first octet 0x02), unique by the schema's constraint. */
@Component
class MacAddresses {

    private final SecureRandom random = new SecureRandom();

    String next() {
        byte[] bytes = new byte[5];
        random.nextBytes(bytes);
        StringBuilder mac = new StringBuilder("02");
        for (byte b : bytes) {
            mac.append(':').append(String.format("%02x", b & 0xff));
        }
        return mac.toString();
    }
}
