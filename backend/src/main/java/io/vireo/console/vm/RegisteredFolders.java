package io.vireo.console.vm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

import io.vireo.console.datastore.Datastore;
import io.vireo.console.datastore.DatastoreOccupancy;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Permission;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamService;

/**
 * Where a VM is registered from, and for which team: a folder with a readable {@code vm.conf} (or one another
 * hypervisor wrote that a {@link ForeignVmFolders} reads) inside a datastore granted to the team (or chosen by an
 * administrator), which nothing in the inventory owns: registering another VM's folder would take its disks.
 * Refusals name only what the caller sent.
 */
@Component
class RegisteredFolders {

    private final TeamService teams;
    private final VmParts parts;
    private final AccessPolicy access;
    private final DatastoreOccupancy occupancy;
    private final ObjectProvider<ForeignVmFolders> foreign;

    RegisteredFolders(TeamService teams, VmParts parts, AccessPolicy access, DatastoreOccupancy occupancy,
            ObjectProvider<ForeignVmFolders> foreign) {
        this.foreign = foreign;
        this.teams = teams;
        this.parts = parts;
        this.access = access;
        this.occupancy = occupancy;
    }

    Found locate(RegisterRequest request) {
        Place place = permitted(request.teamId(), request.datastoreId());
        Team team = place.team();
        Datastore datastore = place.datastore();
        Path root = datastore.directory().toAbsolutePath().normalize();
        Path folder = root.resolve(request.folder()).normalize();
        if (folder.startsWith(root) && occupancy.overlapsOwned(folder)) {
            throw new InvalidFieldException("folder", "The folder " + request.folder() + " belongs to a VM or image"
                    + " in the inventory; only a folder nothing in the inventory uses can be registered");
        }
        boolean inside = folder.startsWith(root) && !folder.equals(root);
        if (inside && Files.isRegularFile(folder.resolve(VmConfigFile.FILE_NAME))) {
            return new Found(team, datastore, folder,
                    Optional.of(VmConfig.parse(readConfig(folder.resolve(VmConfigFile.FILE_NAME)))), Optional.empty());
        }
        Optional<ForeignVmFolders> kind = inside && Files.isDirectory(folder)
                ? foreign.orderedStream().filter(f -> f.recognizes(folder)).findFirst() : Optional.empty();
        if (kind.isEmpty()) {
            throw new InvalidFieldException("folder", "No VM folder " + request.folder() + " (with a "
                    + VmConfigFile.FILE_NAME + ", or a VMware .vmx) in datastore " + datastore.getName());
        }
        return new Found(team, datastore, folder, Optional.empty(), kind);
    }

    /** The team and datastore, if the caller may bring VMs into the team from folders in the datastore. */
    Place permitted(Long teamId, Long datastoreId) {
        Team team = teams.authorized(teamId, Permission.CONFIGURE);
        Datastore datastore = parts.datastore(datastoreId);
        if (!datastore.isGrantedTo(team.getId()) && !access.caller().admin()) {
            throw new AccessDeniedException("Team " + team.getName() + " may not register VMs from datastore "
                    + datastore.getName() + "; an administrator can grant it the datastore");
        }
        return new Place(team, datastore);
    }

    /** Read up to its size limit only: a folder anyone wrote may hold a configuration file of any size. */
    private static String readConfig(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(VmConfig.MAX_BYTES + 1);
            if (bytes.length > VmConfig.MAX_BYTES) {
                throw new InvalidFieldException("folder", "Its " + VmConfigFile.FILE_NAME + " is larger than "
                        + VmConfig.MAX_BYTES / 1024 + " KiB; no VM configuration is that long");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidFieldException("folder", "Cannot read its " + VmConfigFile.FILE_NAME + ": " + e.getMessage());
        }
    }

    record Place(Team team, Datastore datastore) {
    }

    /** A folder of Vireo's own ({@code config}), or of another hypervisor ({@code foreign}, which reads it). */
    record Found(Team team, Datastore datastore, Path folder, Optional<VmConfig> config,
            Optional<ForeignVmFolders> foreign) {
    }
}
