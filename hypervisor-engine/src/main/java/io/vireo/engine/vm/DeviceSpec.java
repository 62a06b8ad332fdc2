package io.vireo.engine.vm;

import io.vireo.engine.network.MacAddress;
import io.vireo.engine.network.NetworkAttachment;
import io.vireo.engine.storage.ImageFormat;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A virtual device of a VM, each becoming one virtio-mmio slot. */
public sealed interface DeviceSpec {
    /** How many virtio-mmio slots the device takes. */
    default int slots() {
        return 1;
    }

    /**
     * A disk: the top image of a chain. Its format is stated, never guessed from the file, so a guest
     * that writes an image header into a raw disk cannot make the host open other files; with a
     * {@code root}, every image of the chain must lie under that folder (a datastore).
     */
    record Disk(Path image, ImageFormat format, boolean readOnly, Optional<Path> root) implements DeviceSpec {
        public Disk {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(root, "root");
        }

        /** A disk whose chain may use images anywhere. */
        public Disk(Path image, ImageFormat format, boolean readOnly) {
            this(image, format, readOnly, Optional.empty());
        }

        /** This disk opened from {@code top} instead, a qcow2 overlay put over it (snapshots, checkpoints). */
        public Disk withTop(Path top) {
            return new Disk(top, ImageFormat.QCOW2, readOnly, root);
        }
    }

    /**
     * A virtio SCSI controller: its disks (targets 0…, seen as {@code /dev/sdX} by Linux), then one CD-ROM drive
     * per entry of {@code discs} ({@code /dev/srN}), each empty or holding the raw ISO image named, read-only.
     * The host changes a drive's disc while the VM runs ({@link VirtualMachine#cdromDrives}); the VM's spec then
     * follows, so a disc stays in its drive across a reboot, a power off and a suspend, as a real one does.
     */
    record ScsiController(List<Disk> disks, List<Optional<Path>> discs) implements DeviceSpec {
        public ScsiController {
            disks = List.copyOf(disks);
            discs = List.copyOf(discs);
            int units = disks.size() + discs.size();
            if (units < 1 || units > 256) {
                throw new IllegalArgumentException("a SCSI controller has 1 to 256 disks and CD-ROM drives, not " + units);
            }
        }

        /** This controller with {@code discs} in its drives. */
        public ScsiController withDiscs(List<Optional<Path>> discs) {
            return new ScsiController(disks, discs);
        }
    }

    /** A virtio-gpu screen with its initial mode; the guest may change it. */
    record Display(int width, int height) implements DeviceSpec {
        public Display {
            if (width < 320 || height < 200 || width > 8192 || height > 8192) {
                throw new IllegalArgumentException("display mode out of range: " + width + "x" + height);
            }
        }
    }

    /** A keyboard and an absolute tablet: two virtio-input devices. */
    record Input() implements DeviceSpec {
        @Override
        public int slots() {
            return 2;
        }
    }

    /** A memory balloon the host can inflate to take pages back from the guest. */
    record Balloon() implements DeviceSpec {
    }

    /** An entropy source fed from the host's SecureRandom. */
    record Rng() implements DeviceSpec {
    }

    /**
     * A virtio-net card with its MAC, plugged into a network (on a VLAN if given), optionally limited to
     * {@code rateLimit} bytes per second in each direction.
     */
    record Nic(MacAddress mac, NetworkAttachment network, OptionalInt vlan, OptionalLong rateLimit) implements DeviceSpec {
        public Nic {
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(vlan, "vlan");
            Objects.requireNonNull(rateLimit, "rateLimit");
            if (mac.isMulticast()) {
                throw new IllegalArgumentException("a NIC's MAC must be unicast: " + mac);
            }
            if (vlan.isPresent() && (vlan.getAsInt() < 1 || vlan.getAsInt() > 4094)) {
                throw new IllegalArgumentException("a VLAN id is 1..4094, was " + vlan.getAsInt());
            }
            if (rateLimit.isPresent() && rateLimit.getAsLong() < 1) {
                throw new IllegalArgumentException("a rate limit is a positive number of bytes per second");
            }
        }
    }
}
