package io.vireo.engine.cli;

import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkAttachment;
import io.vireo.engine.network.NetworkException;
import io.vireo.engine.network.NetworkSpec;
import io.vireo.engine.network.PortForward;
import io.vireo.engine.network.VirtualNetwork;
import io.vireo.engine.vm.DeviceSpec;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The NICs of {@code vireo-engine boot --nic nat,...}: each on a private NAT network of its own (slirp's
 * layout: 10.0.2.0/24, gateway and DNS at 10.0.2.2), with a fresh MAC at boot and the saved one at a
 * resume (the gateway's MAC follows from its address, so a resumed guest's ARP entry stays right). The
 * networks live as long as this.
 */
final class NatNics implements AutoCloseable {
    private record Card(NicOption option, MacAddress mac, VirtualNetwork network) {
    }

    private final List<NicOption> options;
    private final List<Card> cards = new ArrayList<>();

    private NatNics(List<NicOption> options) {
        this.options = List.copyOf(options);
    }

    /** The NICs {@code options} ask for, with fresh MACs, for a boot. */
    static NatNics start(List<NicOption> options) throws NetworkException {
        NatNics nics = new NatNics(options);
        SecureRandom random = new SecureRandom();
        try {
            for (NicOption option : options) {
                nics.plug(option, MacAddress.random(random));
            }
            return nics;
        } catch (NetworkException | RuntimeException e) {
            nics.close();
            throw e;
        }
    }

    /**
     * For a resume: no networks yet; {@link #networkFor} makes one for each saved NIC, with the options
     * given for it in the order of the cards, or none (a NAT network without forwards).
     */
    static NatNics forSaved(List<NicOption> options) {
        return new NatNics(options);
    }

    NetworkAttachment networkFor(int index, MacAddress mac) throws NetworkException {
        return plug(index < options.size() ? options.get(index) : new NicOption(List.of()), mac);
    }

    private VirtualNetwork plug(NicOption option, MacAddress mac) throws NetworkException {
        VirtualNetwork network = VirtualNetwork.start(NetworkSpec.userNat("nic" + cards.size()));
        cards.add(new Card(option, mac, network));
        return network;
    }

    List<DeviceSpec> devices() {
        return cards.stream().<DeviceSpec>map(c -> new DeviceSpec.Nic(c.mac(), c.network(), OptionalInt.empty(),
                OptionalLong.empty())).toList();
    }

    /** Opens every card's forwards; returns a line per forward saying where it listens. */
    List<String> forward() throws NetworkException {
        List<String> opened = new ArrayList<>();
        for (Card card : cards) {
            for (NicOption.Forward f : card.option().forwards()) {
                card.network().addForward(new PortForward(f.protocol(), f.host(), card.mac(), f.guestPort()));
            }
            for (PortForward f : card.network().forwards()) {
                opened.add("forward " + f.protocol().name().toLowerCase(java.util.Locale.ROOT) + " "
                        + f.host().getAddress().getHostAddress() + ":" + f.host().getPort() + " -> " + card.mac()
                        + " port " + f.guestPort());
            }
        }
        return opened;
    }

    @Override
    public void close() {
        cards.forEach(c -> c.network().close());
    }
}
