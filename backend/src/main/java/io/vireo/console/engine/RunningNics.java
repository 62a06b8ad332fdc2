package io.vireo.console.engine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import io.vireo.console.domain.ConflictException;
import io.vireo.engine.devices.virtio.net.NicControl;
import io.vireo.engine.network.FrameReceiver;
import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkException;
import io.vireo.engine.network.PortCounters;
import io.vireo.engine.network.PortForward;
import io.vireo.engine.network.Protocol;
import io.vireo.engine.network.SwitchPort;
import io.vireo.engine.network.VirtualNetwork;
import io.vireo.engine.vm.DeviceSpec;
import io.vireo.engine.vm.VirtualMachine;

/**
 * A powered-on VM's network cards: the networks they are plugged into (joined for this VM in {@link NetworkRuntime})
 * and the forwards applied to them, which are taken back when the VM stops, since a network may outlive it.
 */
final class RunningNics {
    private static final long BYTES_PER_MB = 1_000_000;

    private final List<Plugged> nics = new ArrayList<>();
    private final NetworkRuntime networks;
    private final List<Applied> forwards = new ArrayList<>();

    private record Plugged(LaunchSpec.Nic spec, MacAddress mac, VirtualNetwork network) {
    }

    private record Applied(VirtualNetwork network, PortForward forward) {
    }

    private RunningNics(NetworkRuntime networks) {
        this.networks = networks;
    }

    /**
     * Joins every NIC's network for this power-on of the VM; if one cannot start, it lets go of those it joined.
     * The power-on, not the VM, holds the networks, so a stopped run that is released late never lets go of
     * the networks of the VM's next run.
     */
    static RunningNics plug(List<LaunchSpec.Nic> nics, NetworkRuntime networks) {
        RunningNics run = new RunningNics(networks);
        try {
            for (LaunchSpec.Nic nic : nics) {
                run.nics.add(new Plugged(nic, MacAddress.parse(nic.mac()), networks.join(run, nic.network())));
            }
        } catch (RuntimeException e) {
            networks.leave(run);
            throw e;
        }
        return run;
    }

    List<DeviceSpec.Nic> devices() {
        return nics.stream().map(n -> new DeviceSpec.Nic(n.mac(), n.network(),
                n.spec().vlan().map(OptionalInt::of).orElse(OptionalInt.empty()),
                n.spec().rateLimitMbps().map(mbps -> OptionalLong.of(mbps * BYTES_PER_MB)).orElse(OptionalLong.empty())))
                .toList();
    }

    /** Once the machine runs: the links recorded down go down, and the recorded forwards are applied. */
    synchronized void started(VirtualMachine machine) {
        List<NicControl> controls = machine.nics();
        for (int i = 0; i < nics.size(); i++) {
            if (!nics.get(i).spec().linkUp()) {
                controls.get(i).setLinkUp(false);
            }
            for (LaunchSpec.Forward forward : nics.get(i).spec().forwards()) {
                addForward(i, forward);
            }
        }
    }

    synchronized List<NicStatus> statuses(VirtualMachine machine) {
        List<NicControl> controls = machine.nics();
        List<NicStatus> statuses = new ArrayList<>();
        for (int i = 0; i < Math.min(nics.size(), controls.size()); i++) {
            statuses.add(status(i, controls.get(i).linkUp(), controls.get(i).counters()));
        }
        return statuses;
    }

    /** NIC {@code position} with the given link and counters, and the address its network leased it. */
    NicStatus status(int position, boolean linkUp, PortCounters c) {
        Plugged nic = nics.get(position);
        Optional<String> address = NetworkRuntime.leased(nic.network(), nic.mac());
        return new NicStatus(nic.spec().mac(), linkUp, address, c.rxFrames(), c.rxBytes(), c.txFrames(), c.txBytes(),
                c.drops());
    }

    int size() {
        return nics.size();
    }

    /** Plugs NIC {@code position} into its network as a port whose frames {@code receiver} takes. */
    SwitchPort plugPort(int position, FrameReceiver receiver) {
        Plugged nic = nics.get(position);
        return nic.network().plug(nic.mac(), nic.spec().vlan().map(OptionalInt::of).orElse(OptionalInt.empty()),
                receiver);
    }

    synchronized void setLink(VirtualMachine machine, int position, boolean up) {
        machine.nics().get(nic(position)).setLinkUp(up);
    }

    /** A host port in use is refused in the engine's words. */
    synchronized void addForward(int position, LaunchSpec.Forward forward) {
        Plugged nic = nics.get(nic(position));
        PortForward engine = engine(nic, forward);
        try {
            nic.network().addForward(engine);
        } catch (NetworkException refused) {
            throw new ConflictException("Host port in use", refused.getMessage());
        }
        forwards.add(new Applied(nic.network(), engine));
    }

    synchronized void removeForward(int position, LaunchSpec.Forward forward) {
        Plugged nic = nics.get(nic(position));
        PortForward engine = engine(nic, forward);
        if (forwards.remove(new Applied(nic.network(), engine))) {
            nic.network().removeForward(engine);
        }
    }

    private static PortForward engine(Plugged nic, LaunchSpec.Forward forward) {
        return new PortForward(Protocol.valueOf(forward.protocol()),
                new InetSocketAddress(InetAddress.ofLiteral(forward.hostAddress()), forward.hostPort()), nic.mac(),
                forward.guestPort());
    }

    int nic(int position) {
        if (position < 0 || position >= nics.size()) {
            throw new ConflictException("No such NIC", "The running VM has no network card " + position);
        }
        return position;
    }

    /** The VM has stopped: its forwards are taken back and its networks let go of it. */
    synchronized void close() {
        forwards.forEach(applied -> applied.network().removeForward(applied.forward()));
        forwards.clear();
        networks.leave(this);
    }
}
