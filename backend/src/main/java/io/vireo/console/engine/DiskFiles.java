package io.vireo.console.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;

import io.vireo.engine.storage.CheckReport;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.ImageInfo;

/**
 * Looks at disk files before the console takes or copies them: what a file is, whether it is sound, and how much
 * a copy of its chain can take.
 */
@Component
public class DiskFiles {

    /** One file as the engine reads it: its format, the size the guest sees, and whether it has a backing file. */
    public record Inspection(String format, long virtualSize, long fileSize, boolean hasBacking) {
    }

    /**
     * Reads the file's header and its chain; a file the engine cannot open, or whose chain leaves {@code root} (its
     * datastore), throws.
     */
    public Inspection inspect(Path file, Path root) throws IOException {
        List<ImageInfo> chain = ChainOperations.info(file, root);
        ImageInfo top = chain.getFirst();
        return new Inspection(top.format().qemuName(), top.virtualSize(), top.fileSize(), chain.size() > 1);
    }

    /**
     * The bytes the chain topped by {@code top} takes, every file of it measured: the most a flattened copy of
     * it can need (less when layers overwrite each other or hold zeros).
     */
    public long chainBytes(Path top, Path root) throws IOException {
        return ChainOperations.info(top, root).stream().mapToLong(ImageInfo::fileSize).sum();
    }

    /** The problems {@code qemu-img check} would report of the file's metadata; empty when it is sound. */
    public List<String> problems(Path file) throws IOException {
        CheckReport report = ChainOperations.check(file);
        return report.corrupt() ? report.problems() : List.of();
    }
}
