package io.vireo.engine.vm;

import io.vireo.engine.storage.ImageFormat;

import java.nio.file.Path;
import java.util.Objects;

/** A virtual device of a VM, each becoming one virtio-mmio slot. */
public sealed interface DeviceSpec {
    /**
     * A disk: the top image of a chain. Its format is stated, never guessed from the file, so a guest
     * that writes an image header into a raw disk cannot make the host open other files.
     */
    record Disk(Path image, ImageFormat format, boolean readOnly) implements DeviceSpec {
        public Disk {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(format, "format");
        }
    }

    /** A memory balloon the host can inflate to take pages back from the guest. */
    record Balloon() implements DeviceSpec {
    }

    /** An entropy source fed from the host's SecureRandom. */
    record Rng() implements DeviceSpec {
    }
}
