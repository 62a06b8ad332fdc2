package io.vireo.console.vm;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new VM as the API and the create form describe it. Rules spanning fields are checked by {@link VmService}. */
public record VmRequest(
        @NotBlank @Pattern(regexp = VmRequest.NAME, message = VmRequest.NAME_RULE) String name,
        @Size(max = 512) String description,
        @NotNull Long teamId,
        @NotNull @Min(1) @Max(64) Integer vcpus,
        @NotNull @Min(64) @Max(1048576) Long memoryMib,
        @NotNull BootSource bootSource,
        Long bootImageId,
        Long templateId,
        Long datastoreId,
        @Size(max = 8) List<@Valid @NotNull DiskRequest> disks,
        @Schema(description = "Network cards, each on a network; none when left out (the create form offers one on"
                + " the network \"default\")") @Size(max = 8) List<@Valid @NotNull NicRequest> nics,
        @Schema(description = "A disk image the first disk is made from (image → VM); required for boot source DISK,"
                + " which boots the kernel in that disk's /boot")
        Long diskImageId,
        @Schema(description = "How disks made from a disk image or a template's files are made: LINKED (the"
                + " default: a delta over them) or FULL (a copy)") DiskMode diskMode,
        @Schema(description = "Cores in each virtual socket, so vcpus / (coresPerSocket x threadsPerCore) sockets;"
                + " left out, one socket holds every vCPU") @Min(1) @Max(64) Integer coresPerSocket,
        @Schema(description = "vCPUs per core (hardware threads); 1 when left out") @Min(1)
        @Max(VmTopology.MAX_THREADS_PER_CORE) Integer threadsPerCore,
        @Schema(description = "The least memory the VM's balloon may leave it, when lowered while it runs or taken"
                + " back by the host; left out, a quarter of memoryMib and at least 64") @Min(VmMemory.FLOOR_MIB)
        @Max(1048576) Long memoryMinMib,
        @Schema(description = "CPU shares and cap; 1000 and none when left out") @Valid VmCpu cpu,
        @Schema(description = "An ISO image for the VM's CD-ROM drive; left out, the drive is empty")
        Long cdromImageId,
        @Schema(description = "The libvirt host the VM runs on (GET /api/v1/hosts); left out, the embedded engine."
                + " Leave it out with placement AUTO") Long hostId,
        @Schema(description = "CHOSEN (the default): the VM goes to hostId, or the embedded engine without one;"
                + " AUTO: the scheduler chooses among the embedded engine and the connected hosts not in maintenance"
                + " that run the VM's architecture and have its vCPUs and memory free (most free memory first, then"
                + " free cores); a 400 says why each host was passed over when none can take it")
        Placement placement) {

    public static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    public static final String NAME_RULE = "letters, digits, dot, dash or underscore; 1 to 64 characters";

    public VmRequest {
        disks = disks == null ? List.of() : List.copyOf(disks);
        nics = nics == null ? List.of() : List.copyOf(nics);
        diskMode = diskMode == null ? DiskMode.LINKED : diskMode;
        cpu = cpu == null ? VmCpu.DEFAULT : cpu;
        placement = placement == null ? Placement.CHOSEN : placement;
    }

    /** A VM whose disks are all blank, or the blank or copied disks of its template. */
    public VmRequest(String name, String description, Long teamId, Integer vcpus, Long memoryMib,
            BootSource bootSource, Long bootImageId, Long templateId, Long datastoreId, List<DiskRequest> disks,
            List<NicRequest> nics) {
        this(name, description, teamId, vcpus, memoryMib, bootSource, bootImageId, templateId, datastoreId, disks,
                nics, null, null, null, null, null, null, null, null, null);
    }

    /** A new blank disk; {@code bus} left out is VIRTIO. */
    public record DiskRequest(@NotNull @Min(1) @Max(65536) Long sizeGib, DiskBus bus) {
        public DiskBus busOrDefault() {
            return bus == null ? DiskBus.VIRTIO : bus;
        }
    }
}
