package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.engine.ForeignNics;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.engine.NetworkRuntime;
import io.vireo.console.engine.NicStatus;

/**
 * The network cards of a libvirt host's powered-on VMs: each card a {@link NicSocket} its QEMU connects to, plugged
 * into the console's own virtual switches ({@link ForeignNics}), so a VM on the host shares networks, DHCP and
 * forwards with the engine's VMs. Only for a daemon on the console's machine: QEMU must reach the socket.
 */
final class LibvirtNics {
    private final Optional<NetworkRuntime> networks;
    private final Map<Long, Cards> running = new ConcurrentHashMap<>();
    private Path socketFolder;

    private record Cards(ForeignNics nics, List<NicSocket> sockets) {
    }

    /** {@code networks}: the console's switches, for a host on the console's machine; none for another host. */
    LibvirtNics(Optional<NetworkRuntime> networks) {
        this.networks = networks;
    }

    /** Whether this host's domains can reach the console's switches (its QEMU runs on the console's machine). */
    boolean reachable() {
        return networks.isPresent();
    }

    /**
     * Plugs the cards of a VM about to power on and answers the socket of each, which its domain connects to; the
     * recorded forwards and pulled cables apply at once. {@link #stopped} lets go of them.
     */
    List<Path> open(LaunchSpec launch) throws IOException {
        stopped(launch.vmId());
        if (launch.nics().isEmpty()) {
            return List.of();
        }
        Path folder = folder();
        List<NicSocket> sockets = new ArrayList<>();
        NicSocket[] byCard = new NicSocket[launch.nics().size()];
        ForeignNics nics = networks.orElseThrow().plugForeign(launch.nics(), i -> frame -> byCard[i].deliver(frame));
        try {
            for (int i = 0; i < byCard.length; i++) {
                int card = i;
                byCard[i] = NicSocket.listen(folder.resolve("vm" + launch.vmId() + "-" + i + ".sock"),
                        "vm" + launch.vmId() + "-nic" + i, frame -> nics.send(card, frame));
                sockets.add(byCard[i]);
            }
            for (int i = 0; i < byCard.length; i++) {
                LaunchSpec.Nic nic = launch.nics().get(i);
                nics.setLink(i, nic.linkUp());
                for (LaunchSpec.Forward forward : nic.forwards()) {
                    nics.addForward(i, forward);
                }
            }
        } catch (IOException | RuntimeException e) {
            sockets.forEach(NicSocket::close);
            nics.close();
            throw e;
        }
        running.put(launch.vmId(), new Cards(nics, sockets));
        return sockets.stream().map(NicSocket::path).toList();
    }

    /** The VM stopped (or did not start): its cards leave their networks. */
    void stopped(Long vmId) {
        Optional.ofNullable(running.remove(vmId)).ifPresent(cards -> {
            cards.sockets().forEach(NicSocket::close);
            cards.nics().close();
        });
    }

    List<NicStatus> statuses(Long vmId) {
        return Optional.ofNullable(running.get(vmId)).map(cards -> cards.nics().statuses()).orElse(List.of());
    }

    ForeignNics of(Long vmId) {
        Cards cards = running.get(vmId);
        if (cards == null) {
            throw new ConflictException("VM is off", "The VM is not powered on");
        }
        return cards.nics();
    }

    /** A folder only the console's user enters, with a short path: a Unix socket's path has at most 107 bytes. */
    private synchronized Path folder() throws IOException {
        if (socketFolder == null) {
            socketFolder = Files.createTempDirectory("vireo-nics", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            socketFolder.toFile().deleteOnExit();
        }
        return socketFolder;
    }

    void close() {
        running.keySet().forEach(this::stopped);
    }
}
