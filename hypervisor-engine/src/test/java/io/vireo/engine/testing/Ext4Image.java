package io.vireo.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filesystem images made the way a distribution's image builder makes them: e2fsprogs' {@code mke2fs -d},
 * which copies a host directory tree (files, symlinks) into a new ext2/3/4 filesystem, with a UUID the test
 * chooses.
 */
public final class Ext4Image {
    private Ext4Image() {
    }

    /**
     * Makes a raw filesystem image of {@code sizeMib} MiB at {@code image} holding the tree under {@code tree};
     * {@code options} go to mke2fs before the image (e.g. {@code "-t", "ext2", "-b", "1024"}).
     */
    public static Path make(Path image, Path tree, int sizeMib, UUID uuid, String... options)
            throws IOException, InterruptedException {
        Path mke2fs = RequiredTool.require("mke2fs", "e2fsprogs");
        List<String> command = new ArrayList<>(List.of(mke2fs.toString(), "-q", "-F", "-U", uuid.toString(),
                "-d", tree.toString()));
        command.addAll(List.of(options));
        if (List.of(options).indexOf("-t") < 0) {
            command.addAll(List.of("-t", "ext4"));
        }
        command.addAll(List.of(image.toString(), sizeMib + "M"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("mke2fs finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return image;
    }
}
