package io.vireo.engine.cli;

import io.vireo.engine.network.Protocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --nic nat[,forward=tcp:127.0.0.1:8080-:80]...}: a NIC on a private NAT network of its own, with
 * host ports forwarded to guest ports. A forward without a host address listens on 127.0.0.1 only; a
 * guest address, if written, is not used, since a forward follows the NIC to whatever address it leased.
 */
record NicOption(List<Forward> forwards) {
    /** Host address and port to a guest port. */
    record Forward(Protocol protocol, InetSocketAddress host, int guestPort) {
    }

    NicOption {
        forwards = List.copyOf(forwards);
    }

    static NicOption parse(String value) {
        String[] parts = value.split(",");
        if (!parts[0].equals("nat")) {
            throw new IllegalArgumentException("--nic " + value + ": only nat networks can be made here, as in --nic nat");
        }
        List<Forward> forwards = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].startsWith("forward=")) {
                throw new IllegalArgumentException("--nic " + value + ": unknown setting " + parts[i]);
            }
            forwards.add(forward(parts[i].substring("forward=".length())));
        }
        return new NicOption(forwards);
    }

    /** {@code tcp:HOSTADDR:HOSTPORT-GUESTADDR:GUESTPORT}, either address may be empty. */
    private static Forward forward(String text) {
        String usage = "forward=" + text + ": write it as tcp:127.0.0.1:8080-:80 (or udp:...)";
        int protocolEnd = text.indexOf(':');
        int dash = text.indexOf('-');
        if (protocolEnd < 0 || dash < protocolEnd) {
            throw new IllegalArgumentException(usage);
        }
        Protocol protocol = switch (text.substring(0, protocolEnd).toLowerCase(Locale.ROOT)) {
            case "tcp" -> Protocol.TCP;
            case "udp" -> Protocol.UDP;
            default -> throw new IllegalArgumentException(usage);
        };
        String host = text.substring(protocolEnd + 1, dash), guest = text.substring(dash + 1);
        int hostColon = host.lastIndexOf(':'), guestColon = guest.lastIndexOf(':');
        if (hostColon < 0 || guestColon < 0) {
            throw new IllegalArgumentException(usage);
        }
        String hostAddress = host.substring(0, hostColon);
        int hostPort = port(host.substring(hostColon + 1), 0, usage);
        int guestPort = port(guest.substring(guestColon + 1), 1, usage);
        return new Forward(protocol, new InetSocketAddress(address(hostAddress.isEmpty() ? "127.0.0.1" : hostAddress, usage),
                hostPort), guestPort);
    }

    private static int port(String text, int lowest, String usage) {
        try {
            int port = Integer.parseInt(text);
            if (port >= lowest && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the message that says how to write it
        }
        throw new IllegalArgumentException(usage);
    }

    /** A literal address only: a forward must not depend on what a name resolves to today. */
    private static InetAddress address(String text, String usage) {
        if (!text.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?")) {
            throw new IllegalArgumentException(usage);
        }
        try {
            return InetAddress.getByName(text.replace("[", "").replace("]", ""));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(usage, e);
        }
    }
}
