package io.vireo.console.hosts.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;

import io.vireo.console.domain.ConflictException;
import io.vireo.console.engine.HostDriver.DiskAction;
import io.vireo.console.engine.LaunchSpec;

/**
 * Saved states of a libvirt host's VMs, in a folder of the VM's (a suspended VM's, or a snapshot's memory): libvirt's
 * save image of the domain ({@value #IMAGE}, written by the host's daemon) and the domain's XML as it ran
 * ({@value #DOMAIN}). A restore names that XML again with the VM's disks as they are then, so a snapshot taken
 * meanwhile, or a revert, is what the guest goes on over. Hosts see the folder at the console's path, as they see
 * the VM's disks.
 */
final class LibvirtSavedState {
    static final String IMAGE = "libvirt.save";
    static final String DOMAIN = "domain.xml";
    /** What a whole libvirt save image starts with (one still being written starts "LibvirtQemudPart"). */
    private static final byte[] MAGIC = "LibvirtQemudSave".getBytes(StandardCharsets.US_ASCII);
    private static final int XML_SECURE = 1;
    private static final int XML_MIGRATABLE = 1 << 3;

    private final String hostName;
    /** VMs being checkpointed, whose domain stops and starts again without the VM's state changing. */
    private final Set<Long> checkpointing = ConcurrentHashMap.newKeySet();

    LibvirtSavedState(String hostName) {
        this.hostName = hostName;
    }

    /** Whether {@code dir} holds a whole saved state of a libvirt domain. */
    static boolean holds(Path dir) {
        Path image = dir.resolve(IMAGE);
        if (!Files.isRegularFile(image) || !Files.isRegularFile(dir.resolve(DOMAIN))) {
            return false;
        }
        try (InputStream in = Files.newInputStream(image)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    /** Saves the domain into {@code dir}; the domain is gone afterwards, and its stop reads as suspended. */
    void suspend(Domain domain, Path dir) throws IOException, LibvirtException {
        save(domain, dir);
    }

    /** Runs the VM again from the state in {@code dir}, over its disks as {@code launch} has them now. */
    void resume(Connect connection, LaunchSpec launch, Path dir) throws IOException {
        Map<Integer, Path> tops = new HashMap<>();
        for (int position = 0; position < launch.disks().size(); position++) {
            tops.put(position, launch.disks().get(position).file());
        }
        restore(connection, dir, tops, "Host " + hostName + " could not resume VM " + launch.name());
    }

    /**
     * Saves the running domain into {@code dir}, runs {@code whileStopped} while it is gone (its disks are closed),
     * then restores it over {@code newTops}. If it cannot go on over them it goes on over its old files, and the
     * failure is thrown; if it cannot be saved it never stopped.
     */
    void checkpoint(Long vmId, Domain domain, Connect connection, Path dir, Map<Integer, Path> newTops,
            DiskAction whileStopped) throws IOException, LibvirtException {
        checkpointing.add(vmId);
        try {
            save(domain, dir);
        } catch (IOException | LibvirtException | RuntimeException e) {
            checkpointing.remove(vmId);
            throw e;
        }
        try {
            whileStopped.run();
            restore(connection, dir, newTops, "Host " + hostName + " could not run the VM on after saving its memory");
        } catch (IOException | RuntimeException e) {
            try {
                restore(connection, dir, Map.of(), "Host " + hostName + " could not run the VM on over its old disks");
            } catch (IOException | RuntimeException lost) {
                // The VM stays off; the driver's reconciliation tells it, as no restart will.
                checkpointing.remove(vmId);
                e.addSuppressed(lost);
            }
            throw e;
        }
    }

    /**
     * Whether the driver keeps an event to itself: a checkpoint's stop and restart, which the VM goes through
     * without its state changing. Its restart ends the checkpoint.
     */
    boolean swallows(Long vmId, DomainEvent event) {
        if (!checkpointing.contains(vmId)) {
            return false;
        }
        if (event.getType() == DomainEventType.STARTED) {
            checkpointing.remove(vmId);
        }
        return true;
    }

    /** Whether the VM is between a checkpoint's save and restore, its domain gone for that while only. */
    boolean inCheckpoint(Long vmId) {
        return checkpointing.contains(vmId);
    }

    private static void save(Domain domain, Path dir) throws IOException, LibvirtException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(DOMAIN), domain.getXMLDesc(XML_SECURE | XML_MIGRATABLE));
        domain.save(dir.resolve(IMAGE).toString());
    }

    private static void restore(Connect connection, Path dir, Map<Integer, Path> tops, String what)
            throws IOException {
        if (!holds(dir)) {
            throw new ConflictException("Saved state damaged", what + ": " + dir + " holds no whole saved state");
        }
        String xml = DomainDevices.of(Files.readString(dir.resolve(DOMAIN))).restoredOn(tops);
        NativeRestore.restore(connection, dir.resolve(IMAGE).toString(), xml, what);
    }
}
