package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.hosts.libvirt.ConsoleStreamCalls.ConsoleStreamException;

/**
 * The serial consoles of one host's running VMs, each a {@link SerialStream}. A domain is created paused, its console
 * followed, then resumed, so not a byte the guest prints is missed; the pause and resume this makes are not the VM's
 * (its events would say "paused", "resumed"), so {@link #hides} them. A stream lost with its connection, or of a VM
 * powered on before the console started, is taken up when the host is reconciled.
 */
final class SerialConsoles {
    /** {@code VIR_DOMAIN_START_PAUSED}. */
    private static final int START_PAUSED = 1;
    private static final Logger log = LoggerFactory.getLogger(SerialConsoles.class);

    private final String hostName;
    private final Function<Long, Optional<Path>> vmFolder;
    private final Map<Long, SerialStream> streams = new ConcurrentHashMap<>();
    /** Where each VM powered on from here keeps its serial log, to go on with it after a broken connection. */
    private final Map<Long, Path> folders = new ConcurrentHashMap<>();
    /** VMs created paused and not resumed yet. */
    private final Set<Long> starting = ConcurrentHashMap.newKeySet();

    /** @param vmFolder where a VM keeps its serial log, for one found running that was powered on before */
    SerialConsoles(String hostName, Function<Long, Optional<Path>> vmFolder) {
        this.hostName = hostName;
        this.vmFolder = vmFolder;
    }

    /** Creates the domain of {@code xml} for VM {@code vmId} and runs it, its serial console followed from start. */
    void start(Connect connection, String xml, Long vmId, Path folder) throws LibvirtException {
        folders.put(vmId, folder);
        starting.add(vmId);
        Domain domain;
        try {
            domain = connection.domainCreateXML(xml, START_PAUSED);
        } catch (LibvirtException | RuntimeException e) {
            starting.remove(vmId);
            throw e;
        }
        try {
            follow(connection, domain, vmId, folder);
            domain.resume();
        } finally {
            domain.free();
        }
    }

    /**
     * Whether {@code event} of VM {@code vmId} is only the paused start's: its pause, or the resume that ends it. A
     * stopped VM is forgotten (its stream ends by itself once the guest's last bytes are read).
     */
    boolean hides(Long vmId, DomainEvent event) {
        DomainEventType type = event.getType();
        if (type == DomainEventType.STOPPED) {
            folders.remove(vmId);
        }
        if (!starting.contains(vmId)) {
            return false;
        }
        if (type == DomainEventType.RESUMED || type == DomainEventType.STOPPED) {
            starting.remove(vmId);
        }
        return type == DomainEventType.SUSPENDED || type == DomainEventType.RESUMED;
    }

    /**
     * Takes up the console of a running VM whose output is not followed: its stream ended with a broken connection,
     * or it was powered on before the console started.
     */
    void resume(Connect connection, Domain domain, Long vmId) {
        if (streams.containsKey(vmId) || starting.contains(vmId)) {
            return;
        }
        Optional.ofNullable(folders.get(vmId)).or(() -> vmFolder.apply(vmId))
                .ifPresent(folder -> follow(connection, domain, vmId, folder));
    }

    private void follow(Connect connection, Domain domain, Long vmId, Path folder) {
        try {
            SerialStream stream = SerialStream.follow(connection, domain, folder, () -> ended(vmId));
            Optional.ofNullable(streams.put(vmId, stream)).ifPresent(SerialStream::end);
        } catch (LibvirtException | ConsoleStreamException | IOException e) {
            log.warn("Cannot follow the serial console of VM {} on host {}: {}", vmId, hostName, e.getMessage());
        }
    }

    private void ended(Long vmId) {
        streams.computeIfPresent(vmId, (id, stream) -> stream.isOpen() ? stream : null);
    }

    /** What the VM printed lately; empty when its console is not followed now. */
    Optional<String> tail(Long vmId) {
        return Optional.ofNullable(streams.get(vmId)).map(SerialStream::tail);
    }

    void type(Long vmId, byte[] bytes) {
        SerialStream stream = streams.get(vmId);
        if (stream == null || !stream.isOpen()) {
            throw new ConflictException("Serial console not connected", "The serial console of the VM on host "
                    + hostName + " is not connected (the VM is off, or the host is unreachable)");
        }
        try {
            stream.type(bytes);
        } catch (ConsoleStreamException e) {
            throw new ConflictException("Serial console refused", "Host " + hostName + " took no input for the VM: "
                    + e.getMessage());
        }
    }

    void closeAll() {
        streams.values().forEach(SerialStream::end);
        streams.clear();
    }
}
