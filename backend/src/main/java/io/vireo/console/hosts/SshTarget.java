package io.vireo.console.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where ssh connects for a {@code qemu+ssh} host: its user (ssh's default without one), host name or address (an IPv6
 * address without brackets) and port, all from the URI's checked parts ({@link HostUri}), never as typed.
 */
public record SshTarget(Optional<String> user, String host, int port) {
    public static final int DEFAULT_PORT = 22;

    /** How a known_hosts file names this host: {@code host} on port 22, {@code [host]:port} on any other. */
    public String knownHostsName() {
        return port == DEFAULT_PORT ? host : "[" + host + "]:" + port;
    }

    /** ssh's arguments that say where it connects, to end its argument list: the host follows {@code --}. */
    public List<String> destination() {
        List<String> args = new ArrayList<>(List.of("-p", Integer.toString(port)));
        user.ifPresent(name -> args.addAll(List.of("-l", name)));
        args.addAll(List.of("--", host));
        return args;
    }
}
