package io.vireo.console.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.vireo.engine.storage.ImageFormat;
import io.vireo.engine.storage.chain.ChainOperations;
import io.vireo.engine.storage.chain.ImageInfo;

/** Creates the console's disk files with the engine's own image code (qcow2 that QEMU reads too). */
@Component
public class DiskImages {

    /** A thin qcow2 disk of {@code sizeBytes}: it takes almost no space until the guest writes. */
    public void createQcow2(Path file, long sizeBytes) throws IOException {
        ChainOperations.create(file, ImageFormat.QCOW2, sizeBytes, Optional.empty());
    }

    /** Every file the chain topped by {@code top} reads, top first, as the engine resolves their backings. */
    public List<Path> chainFiles(Path top) throws IOException {
        return ChainOperations.info(top).stream().map(ImageInfo::path).toList();
    }
}
