package io.vireo.console.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.audit.Audited;
import io.vireo.console.datastore.Datastore;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.image.Image;
import io.vireo.console.image.ImageService;
import io.vireo.console.security.AccessPolicy;
import io.vireo.console.security.Permission;
import io.vireo.console.vm.internal.VmEvent;
import io.vireo.console.vm.internal.VmEventRepository;

/**
 * A VM's CD-ROM drive: an ISO image of the library put in or the disc ejected, recorded for the next power-on while
 * the VM is stopped, and changed in the engine's drive first while it runs (a drive the guest locked refuses unless
 * forced). The disc must be an ISO image the VM's team may use, lying in a datastore granted to the team: the engine
 * confines only disks to a datastore, so the console checks the disc's file itself.
 */
@Service
public class VmCdrom {

    private final VmQueries vms;
    private final VmNics nics;
    private final ImageService images;
    private final VmEventRepository events;
    private final HostDriver host;
    private final AccessPolicy access;
    private final Clock clock;

    VmCdrom(VmQueries vms, VmNics nics, ImageService images, VmEventRepository events, HostDriver host,
            AccessPolicy access, Clock clock) {
        this.vms = vms;
        this.nics = nics;
        this.images = images;
        this.events = events;
        this.host = host;
        this.access = access;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public CdromView get(Long vmId) {
        return CdromView.of(vms.authorized(vmId, Permission.VIEW));
    }

    @Audited(action = "vm.cdrom", target = "VM")
    @Transactional
    public CdromView change(Long vmId, CdromRequest request) {
        Vm vm = vms.authorized(vmId, Permission.OPERATE);
        if (request.ejects() == (request.imageId() != null)) {
            throw new InvalidFieldException("imageId", "Name the ISO image to put in the drive (imageId), or eject"
                    + " the disc (eject: true), not both");
        }
        Image iso = request.ejects() ? null : iso(vm, request.imageId(), "imageId");
        vm.changeDisc(iso, clock.instant());
        if (nics.isRunning(vmId)) {
            host.changeDisc(vmId, vm.getName(), Optional.ofNullable(iso).map(Image::file), request.forced());
        }
        events.save(new VmEvent(vm, clock.instant(), "cdrom", iso == null
                ? "CD-ROM ejected" + (request.forced() ? " (forced)" : "")
                : "CD-ROM holds ISO image " + iso.getName() + (request.forced() ? " (forced)" : "")));
        return CdromView.of(vm);
    }

    /** The ISO image the VM's drive may hold, refused naming {@code field} otherwise. */
    Image iso(Vm vm, Long imageId, String field) {
        Image image = images.find(imageId).filter(i -> i.isShared() || vm.teamId().equals(i.teamId()))
                .orElseThrow(() -> new InvalidFieldException(field, "No such image for VM " + vm.getName()));
        if (!image.isIso()) {
            throw new InvalidFieldException(field, "Image " + image.getName() + " is a " + image.getKind()
                    + " image; a CD-ROM drive takes an ISO image");
        }
        Datastore store = image.getDatastore();
        if (!store.isGrantedTo(vm.teamId()) && !access.caller().admin()) {
            throw new InvalidFieldException(field, "ISO image " + image.getName() + " lies in datastore "
                    + store.getName() + ", which team " + vm.getTeam().getName() + " may not use; an administrator"
                    + " can grant it the datastore");
        }
        if (!inDatastore(image.file(), store.directory())) {
            throw new InvalidFieldException(field, "The file of ISO image " + image.getName() + " is missing from"
                    + " datastore " + store.getName());
        }
        return image;
    }

    /** Followed through any link: a file the engine will open wherever its name points. */
    private static boolean inDatastore(Path file, Path root) {
        try {
            return Files.isRegularFile(file) && file.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }
}
