package io.vireo.engine.vm;

import io.vireo.engine.storage.ImageFormat;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

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
}
