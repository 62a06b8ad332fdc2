package io.vireo.console.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;

import io.vireo.engine.storage.CheckReport;
import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.ImageInfo;

/**
 * What clones, templates and images do to disk files, with the engine's image code: look at a file, check it,
 * copy a chain into one standalone file (full clone) and put a delta over a frozen file (linked clone).
 */
@Component
public class DiskFiles {

    /** One file as the engine reads it: its format, the size the guest sees, and whether it has a backing file. */
    public record Inspection(String format, long virtualSize, long fileSize, boolean hasBacking) {
    }

    /** Reads the file's header and its chain; a file the engine cannot open throws. */
    public Inspection inspect(Path file) throws IOException {
        List<ImageInfo> chain = ChainOperations.info(file);
        ImageInfo top = chain.getFirst();
        return new Inspection(top.format().qemuName(), top.virtualSize(), top.fileSize(), chain.size() > 1);
    }

    /**
     * The bytes the chain topped by {@code top} takes, every file of it measured: the most a flattened copy of
     * it can need (it needs less when layers overwrite each other or hold zeros).
     */
    public long chainBytes(Path top) throws IOException {
        return ChainOperations.info(top).stream().mapToLong(ImageInfo::fileSize).sum();
    }

    /** The problems {@code qemu-img check} would report of the file's metadata; empty when it is sound. */
    public List<String> problems(Path file) throws IOException {
        CheckReport report = ChainOperations.check(file);
        return report.corrupt() ? report.problems() : List.of();
    }

    /** Writes everything the chain topped by {@code top} reads into a new standalone qcow2 file. */
    public void flatten(Path top, Path destination) throws IOException {
        ChainOperations.flatten(top, destination, ImageFormat.QCOW2);
    }

    /** A new empty qcow2 delta over {@code base}, which is never written through it. */
    public void overlay(Path base, Path delta) throws IOException {
        ChainOperations.createOverlay(base, delta);
    }
}
