package io.vireo.console.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import io.vireo.engine.network.SwitchPort;

/**
 * The network cards of a VM that QEMU runs on this machine (a libvirt host's domain), plugged into the same virtual
 * switches as the engine's VMs, so VMs of both hosts share isolated, host-only and NAT networks, DHCP and forwards.
 * The host driver carries each card's frames: what its QEMU sends goes to {@link #send}, what the switch delivers
 * goes to the consumer given for that card, which must not block. A card whose cable is pulled passes nothing.
 * No rate limit applies here: QEMU, not the engine's virtio-net, is the card.
 */
public final class ForeignNics implements AutoCloseable {

    private final RunningNics nics;
    private final List<SwitchPort> ports = new ArrayList<>();
    private final AtomicIntegerArray linkUp;

    private ForeignNics(RunningNics nics) {
        this.nics = nics;
        this.linkUp = new AtomicIntegerArray(nics.size());
    }

    static ForeignNics plug(RunningNics joined, IntFunction<Consumer<ByteBuffer>> toNic) {
        ForeignNics foreign = new ForeignNics(joined);
        try {
            for (int i = 0; i < joined.size(); i++) {
                int position = i;
                Consumer<ByteBuffer> deliver = toNic.apply(i);
                foreign.linkUp.set(i, 1);
                foreign.ports.add(joined.plugPort(i, frame -> {
                    if (foreign.linkUp.get(position) == 1) {
                        deliver.accept(frame);
                    }
                }));
            }
        } catch (RuntimeException e) {
            foreign.close();
            throw e;
        }
        return foreign;
    }

    /** A frame the guest sent on card {@code position}, from the buffer's position to its limit. */
    public void send(int position, ByteBuffer frame) {
        if (linkUp.get(position) == 1) {
            ports.get(position).send(frame);
        }
    }

    public List<NicStatus> statuses() {
        List<NicStatus> statuses = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            statuses.add(nics.status(i, linkUp.get(i) == 1, ports.get(i).counters()));
        }
        return statuses;
    }

    /** Plugs card {@code position}'s cable in or pulls it: the guest's frames and its network's stop both ways. */
    public void setLink(int position, boolean up) {
        linkUp.set(nics.nic(position), up ? 1 : 0);
    }

    /** As the engine's VMs' forwards: a host port in use is refused with a {@code ConflictException}. */
    public void addForward(int position, LaunchSpec.Forward forward) {
        nics.addForward(position, forward);
    }

    public void removeForward(int position, LaunchSpec.Forward forward) {
        nics.removeForward(position, forward);
    }

    /** The VM has stopped: its cards are unplugged, its forwards taken back and its networks let go of it. */
    @Override
    public void close() {
        ports.forEach(SwitchPort::close);
        nics.close();
    }
}
