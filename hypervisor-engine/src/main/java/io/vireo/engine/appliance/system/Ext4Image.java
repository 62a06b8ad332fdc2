package io.vireo.engine.appliance.system;

import io.vireo.engine.appliance.ApplianceException;
import io.vireo.engine.appliance.debian.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An ext4 file system image holding a directory tree, made by e2fsprogs' {@code mke2fs -d} (no mounting, no
 * privileges). The image is a sparse raw file: only the blocks in use take room. Owners and modes are copied
 * from the tree as they are on the host.
 */
final class Ext4Image {
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    private Ext4Image() {
    }

    static void create(Path tree, Path image, long bytes, String label) throws IOException {
        CommandRunner.Result result = new CommandRunner(TIMEOUT).run(tree.getParent(), List.of(
                "mke2fs", "-q", "-F", "-t", "ext4", "-L", label, "-d", tree.toString(), image.toString(),
                (bytes >> 10) + "k"));
        if (!result.succeeded()) {
            throw new ApplianceException("mke2fs (from e2fsprogs) could not make the root file system: " + result.output());
        }
    }
}
