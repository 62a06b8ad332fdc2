package io.vireo.console.engine;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vireo.console.domain.ConflictException;

/**
 * A fake VM's network cards: each leased the first address of its network's DHCP pool plus its position (or its
 * fixed address), with a link to pull, and forwards that hold the real host port as the engine does, so a port
 * in use is refused in the engine's words.
 */
final class FakeNics implements Closeable {

    private final List<LaunchSpec.Nic> nics;
    private final boolean[] links;
    private final Map<LaunchSpec.Forward, Closeable> bound = new HashMap<>();

    FakeNics(List<LaunchSpec.Nic> nics) {
        this.nics = List.copyOf(nics);
        this.links = new boolean[nics.size()];
        for (int i = 0; i < links.length; i++) {
            links[i] = nics.get(i).linkUp();
        }
    }

    synchronized List<NicStatus> statuses() {
        List<NicStatus> statuses = new ArrayList<>();
        for (int i = 0; i < nics.size(); i++) {
            LaunchSpec.Nic nic = nics.get(i);
            statuses.add(new NicStatus(nic.mac(), links[i], address(nic, i), 10L + i, 1000L + i, 20L + i, 2000L + i,
                    0));
        }
        return statuses;
    }

    private static Optional<String> address(LaunchSpec.Nic nic, int position) {
        NetworkSettings network = nic.network();
        Optional<String> fixed = network.reservations().stream().filter(r -> r.mac().equals(nic.mac()))
                .map(NetworkSettings.Reservation::address).findFirst();
        if (fixed.isPresent() || !network.dhcp()) {
            return fixed;
        }
        String[] first = network.dhcpFirst().split("\\.");
        return Optional.of(first[0] + "." + first[1] + "." + first[2] + "." + (Integer.parseInt(first[3]) + position));
    }

    synchronized void setLink(int position, boolean up) {
        links[nic(position)] = up;
    }

    synchronized void addForward(int position, LaunchSpec.Forward forward) {
        nic(position);
        InetSocketAddress host;
        try {
            host = new InetSocketAddress(InetAddress.getByName(forward.hostAddress()), forward.hostPort());
            bound.put(forward, forward.protocol().equals("UDP") ? new DatagramSocket(host) : listen(host));
        } catch (BindException inUse) {
            throw new ConflictException("Host port in use", forward.hostAddress() + ":" + forward.hostPort()
                    + " is already in use");
        } catch (IOException e) {
            throw new ConflictException("Forward refused", e.getMessage());
        }
    }

    private static ServerSocket listen(InetSocketAddress host) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(host);
        return socket;
    }

    synchronized void removeForward(int position, LaunchSpec.Forward forward) {
        nic(position);
        Closeable socket = bound.remove(forward);
        if (socket != null) {
            closeQuietly(socket);
        }
    }

    private int nic(int position) {
        if (position < 0 || position >= nics.size()) {
            throw new ConflictException("No such NIC", "The running VM has no network card " + position);
        }
        return position;
    }

    @Override
    public synchronized void close() {
        bound.values().forEach(FakeNics::closeQuietly);
        bound.clear();
    }

    private static void closeQuietly(Closeable socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // a fake's socket that will not close leaves nothing to clean up
        }
    }
}
