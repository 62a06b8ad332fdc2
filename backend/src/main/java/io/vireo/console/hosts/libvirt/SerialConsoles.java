package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 *
 * <p>The streams have a connection of their own, and every call on it that may wait for the daemon runs on one
 * thread ({@link #caller}): libvirt 9.0's RPC client can crash when threads take turns waiting on one connection
 * while stream data arrives (CVE-2024-4418), so the host's main connection, used by many threads, carries no stream.
 */
final class SerialConsoles {
    /** {@code VIR_DOMAIN_START_PAUSED}. */
    private static final int START_PAUSED = 1;
    private static final Logger log = LoggerFactory.getLogger(SerialConsoles.class);

    private final String hostName;
    private final String target;
    private final Function<Long, Optional<Path>> vmFolder;
    private final DomainNames names;
    private final Map<Long, SerialStream> streams = new ConcurrentHashMap<>();
    /** Where each VM powered on from here keeps its serial log, to go on with it after a broken connection. */
    private final Map<Long, Path> folders = new ConcurrentHashMap<>();
    /** VMs created paused and not resumed yet. */
    private final Set<Long> starting = ConcurrentHashMap.newKeySet();
    private final ExecutorService caller;
    /** Only touched on {@link #caller}. */
    private Connect connection;

    /**
     * @param target   what libvirt connects to, as for the host's main connection
     * @param vmFolder where a VM keeps its serial log, for one found running that was powered on before
     * @param names    how the console names its domains on the host
     */
    SerialConsoles(String hostName, String target, Function<Long, Optional<Path>> vmFolder, DomainNames names) {
        this.names = names;
        this.hostName = hostName;
        this.target = target;
        this.vmFolder = vmFolder;
        this.caller = Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().daemon().name("serial-" + hostName).unstarted(r));
    }

    /** Creates the domain of {@code xml} for VM {@code vmId} and runs it, its serial console followed from start. */
    void start(Connect main, String xml, Long vmId, Path folder) throws LibvirtException {
        folders.put(vmId, folder);
        starting.add(vmId);
        Domain domain;
        try {
            domain = main.domainCreateXML(xml, START_PAUSED);
        } catch (LibvirtException | RuntimeException e) {
            starting.remove(vmId);
            throw e;
        }
        try {
            followOnCaller(vmId, folder);
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
     * Takes up, in the background, the console of a running VM whose output is not followed: its stream ended with a
     * broken connection, or it was powered on before the console started.
     */
    void resume(Long vmId) {
        if (streams.containsKey(vmId) || starting.contains(vmId)) {
            return;
        }
        caller.execute(() -> {
            if (!streams.containsKey(vmId)) {
                Optional.ofNullable(folders.get(vmId)).or(() -> vmFolder.apply(vmId))
                        .ifPresent(folder -> follow(vmId, folder));
            }
        });
    }

    /** Follows the console before the paused domain goes on: a VM whose console cannot be followed runs all the same. */
    private void followOnCaller(Long vmId, Path folder) {
        try {
            onCaller(() -> follow(vmId, folder));
        } catch (ConsoleStreamException e) {
            log.warn("Cannot follow the serial console of VM {} on host {}: {}", vmId, hostName, e.getMessage());
        }
    }

    /** On {@link #caller}. */
    private Void follow(Long vmId, Path folder) {
        try {
            if (connection == null) {
                connection = new Connect(target);
            }
            Domain domain = connection.domainLookupByName(names.of(vmId));
            try {
                SerialStream stream = SerialStream.follow(connection, domain, folder, caller, () -> ended(vmId));
                Optional.ofNullable(streams.put(vmId, stream)).ifPresent(SerialStream::end);
            } finally {
                domain.free();
            }
        } catch (LibvirtException | ConsoleStreamException | IOException e) {
            log.warn("Cannot follow the serial console of VM {} on host {}: {}", vmId, hostName, e.getMessage());
            dropConnection();
        }
        return null;
    }

    /** A connection that failed is opened again next time; its streams have ended with it. */
    private void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (LibvirtException e) {
                log.debug("The serial connection to host {} was broken already", hostName, e);
            }
            connection = null;
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
            onCaller(() -> {
                stream.type(bytes);
                return null;
            });
        } catch (ConsoleStreamException e) {
            throw new ConflictException("Serial console refused", "Host " + hostName + " took no input for the VM: "
                    + e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws ConsoleStreamException;
    }

    private <T> T onCaller(Call<T> call) throws ConsoleStreamException {
        Callable<T> task = call::run;
        try {
            return caller.submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConsoleStreamException refused) {
                throw refused;
            }
            throw new IllegalStateException("The serial console of host " + hostName + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("Interrupted", "Interrupted while using a serial console of host " + hostName);
        }
    }

    void closeAll() {
        streams.values().forEach(SerialStream::end);
        streams.clear();
        caller.execute(this::dropConnection);
        caller.shutdown();
    }
}
