package io.vireo.engine.network.gateway;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.frame.DnsHeader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The host's resolver as {@code /etc/resolv.conf} names it: where the gateway relays guests' DNS by default. */
final class ResolvConf {
    private static final Path FILE = Path.of("/etc/resolv.conf");

    private ResolvConf() {
    }

    static Optional<InetSocketAddress> firstNameserver() {
        try {
            return firstNameserver(Files.readAllLines(FILE));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The first IPv4 {@code nameserver} line's address (IPv6 resolvers are skipped: the gateway relays over IPv4). */
    static Optional<InetSocketAddress> firstNameserver(List<String> lines) {
        for (String line : lines) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 2 && words[0].equals("nameserver")) {
                try {
                    return Optional.of(new InetSocketAddress(Ipv4Address.parse(words[1]).toInetAddress(), DnsHeader.PORT));
                } catch (IllegalArgumentException e) {
                    // Not IPv4: try the next.
                }
            }
        }
        return Optional.empty();
    }
}
