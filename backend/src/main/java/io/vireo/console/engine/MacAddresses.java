package io.vireo.console.engine;

import java.security.SecureRandom;
import java.util.function.Predicate;

import io.vireo.console.domain.InvalidFieldException;
import io.vireo.engine.network.MacAddress;

/** NICs' Ethernet addresses as the engine makes and reads them, for the console's NIC records. */
public final class MacAddresses {

    private static final SecureRandom RANDOM = new SecureRandom();

    private MacAddresses() {
    }

    /** A fresh address under Vireo's prefix that {@code taken} does not yet hold. */
    public static String random(Predicate<String> taken) {
        String mac;
        do {
            mac = MacAddress.random(RANDOM).toString();
        } while (taken.test(mac));
        return mac;
    }

    /** The address in the engine's spelling (lower case, colons), or the invalid-field problem of {@code mac}. */
    public static String parse(String text) {
        MacAddress mac = NetworkDefinitions.field("mac", () -> MacAddress.parse(text));
        if (mac.isMulticast()) {
            throw new InvalidFieldException("mac", "A NIC's MAC must be unicast (the low bit of its first byte clear): "
                    + text);
        }
        return mac.toString();
    }
}
