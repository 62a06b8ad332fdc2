package io.vireo.console.ovf;

import java.util.List;
import java.util.Optional;

/**
 * What an OVF descriptor says, in the terms Vireo maps: the files it references and the virtual systems to import
 * with the hardware Vireo can give them (one, or each of a VirtualSystemCollection's).
 */
record OvfPackage(List<FileRef> files, List<PackagedVm> systems, Optional<String> eula) {

    /**
     * A file of the package: {@code size} (as stored, compressed or not) is -1 where the descriptor leaves it out;
     * {@code gzip} when the file is stored gzip-compressed ({@code ovf:compression="gzip"}); {@code chunkSize} when
     * it is stored in chunks of that many bytes ({@code ovf:chunkSize}: {@code href.000000000}, {@code .000000001},
     * …), else -1.
     */
    record FileRef(String id, String href, long size, boolean gzip, long chunkSize) {
    }
}
