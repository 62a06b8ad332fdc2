package io.vireo.engine.vm;

import java.nio.file.Path;
import java.util.Objects;

/** A virtual device of a VM, each becoming one virtio-mmio slot. */
public sealed interface DeviceSpec {
    /** A disk: the top image of a chain (raw or qcow2), optionally read-only. */
    record Disk(Path image, boolean readOnly) implements DeviceSpec {
        public Disk {
            Objects.requireNonNull(image, "image");
        }
    }

    /** A virtio-gpu display with its initial mode. */
    record Display(int width, int height) implements DeviceSpec {
        public Display {
            if (width < 320 || height < 200 || width > 8192 || height > 8192) {
                throw new IllegalArgumentException("display mode out of range: " + width + "x" + height);
            }
        }
    }

    /** A keyboard and an absolute tablet (two virtio-input devices). */
    record Input() implements DeviceSpec {
    }

    record Balloon() implements DeviceSpec {
    }

    record Rng() implements DeviceSpec {
    }
}
