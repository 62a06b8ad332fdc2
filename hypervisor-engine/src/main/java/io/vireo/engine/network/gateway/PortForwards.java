package io.vireo.engine.network.gateway;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkException;
import io.vireo.engine.network.PortForward;
import io.vireo.engine.network.Protocol;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The host sockets of a network's port forwards: a listening TCP socket or a bound UDP socket per forward,
 * whose connections and datagrams go to the forward's NIC at whatever address it holds now. Runs on the
 * network's thread.
 */
final class PortForwards implements AutoCloseable {
    private final EventLoop loop;
    private final TcpTranslator tcp;
    private final UdpTranslator udp;
    private final Function<MacAddress, Optional<Neighbours.Neighbour>> guestAddress;
    private final Function<InetSocketAddress, Ipv4Address> apparentSource;
    private final Map<PortForward, Listener> open = new LinkedHashMap<>();
    private long undeliverable;

    PortForwards(EventLoop loop, TcpTranslator tcp, UdpTranslator udp,
                 Function<MacAddress, Optional<Neighbours.Neighbour>> guestAddress,
                 Function<InetSocketAddress, Ipv4Address> apparentSource) {
        this.loop = loop;
        this.tcp = tcp;
        this.udp = udp;
        this.guestAddress = guestAddress;
        this.apparentSource = apparentSource;
    }

    /** One forward's socket. */
    private final class Listener implements EventLoop.Handler {
        private final PortForward requested;
        private final PortForward bound;
        private final NetworkChannel channel;
        private final ByteBuffer datagram;

        Listener(PortForward requested, PortForward bound, NetworkChannel channel) {
            this.requested = requested;
            this.bound = bound;
            this.channel = channel;
            this.datagram = bound.protocol() == Protocol.UDP ? ByteBuffer.allocate(UdpTranslator.MAX_DATAGRAM) : null;
        }

        @Override
        public void ready(SelectionKey key) {
            try {
                if (channel instanceof ServerSocketChannel server) {
                    accept(server);
                } else {
                    receive((DatagramChannel) channel);
                }
            } catch (IOException e) {
                undeliverable++;
            }
        }

        private void accept(ServerSocketChannel server) throws IOException {
            for (SocketChannel socket = server.accept(); socket != null; socket = server.accept()) {
                Optional<FlowKey> key = keyFor((InetSocketAddress) socket.getRemoteAddress());
                if (key.isEmpty()) {
                    undeliverable++;
                    socket.close();
                } else {
                    tcp.accepted(key.get(), socket, System.nanoTime());
                }
            }
        }

        private void receive(DatagramChannel channel) throws IOException {
            for (int i = 0; i < UdpTranslator.BATCH; i++) {
                datagram.clear();
                InetSocketAddress peer = (InetSocketAddress) channel.receive(datagram);
                if (peer == null) {
                    return;
                }
                Optional<FlowKey> key = keyFor(peer);
                if (key.isEmpty()) {
                    undeliverable++;
                } else {
                    udp.fromForward(key.get(), channel, peer, datagram.array(), datagram.position(), System.nanoTime());
                }
            }
        }

        private Optional<FlowKey> keyFor(InetSocketAddress peer) {
            return guestAddress.apply(bound.guest()).map(guest -> new FlowKey(bound.guest(), guest.vlan(), guest.address(),
                    bound.guestPort(), apparentSource.apply(peer), peer.getPort()));
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing left to release.
            }
            if (channel instanceof DatagramChannel datagrams) {
                udp.forget(datagrams);
            }
        }
    }

    /**
     * Opens the forward's host socket; returns the forward as bound (port 0 asks for any free port, the
     * returned forward names the one chosen). A taken address is refused with that reason.
     */
    PortForward add(PortForward forward) throws NetworkException {
        for (Listener listener : open.values()) {
            if (listener.requested.equals(forward) || listener.bound.equals(forward)) {
                return listener.bound;
            }
        }
        NetworkChannel channel = null;
        try {
            channel = forward.protocol() == Protocol.TCP ? ServerSocketChannel.open() : DatagramChannel.open();
            channel.bind(forward.host());
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            PortForward bound = new PortForward(forward.protocol(), new InetSocketAddress(forward.host().getAddress(),
                    local.getPort()), forward.guest(), forward.guestPort());
            Listener listener = new Listener(forward, bound, channel);
            int ops = forward.protocol() == Protocol.TCP ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
            loop.register((SelectableChannel) channel, ops, listener);
            open.put(bound, listener);
            return bound;
        } catch (BindException e) {
            closeQuietly(channel);
            throw new NetworkException(forward.host().getAddress().getHostAddress() + ":" + forward.host().getPort()
                    + " is already in use (" + forward.protocol() + ")", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new NetworkException("cannot forward " + forward.protocol() + " "
                    + forward.host().getAddress().getHostAddress() + ":" + forward.host().getPort() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Closes the forward's socket, and frees its port before returning; connections it already made carry
     * on until they end.
     */
    boolean remove(PortForward forward) {
        for (Map.Entry<PortForward, Listener> entry : List.copyOf(open.entrySet())) {
            if (entry.getKey().equals(forward) || entry.getValue().requested.equals(forward)) {
                open.remove(entry.getKey());
                entry.getValue().close();
                try {
                    loop.forgetClosed();
                } catch (IOException e) {
                    // The selector failed; the port is freed when the network closes.
                }
                return true;
            }
        }
        return false;
    }

    List<PortForward> list() {
        return new ArrayList<>(open.keySet());
    }

    long undeliverable() {
        return undeliverable;
    }

    private static void closeQuietly(NetworkChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing left to release.
            }
        }
    }

    @Override
    public void close() {
        for (Listener listener : List.copyOf(open.values())) {
            listener.close();
        }
        open.clear();
    }
}
