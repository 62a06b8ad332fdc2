package io.vireo.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** The image formats Vireo understands, named as {@code qemu-img} names them. */
public enum ImageFormat {
    RAW("raw"),
    QCOW2("qcow2"),
    VMDK("vmdk");

    private static final int QCOW2_MAGIC = 0x514649fb;
    private static final int VMDK_SPARSE_MAGIC = 0x564d444b; // "KDMV" read little-endian
    private static final String VMDK_DESCRIPTOR = "# Disk DescriptorFile";

    private final String qemuName;

    ImageFormat(String qemuName) {
        this.qemuName = qemuName;
    }

    public String qemuName() {
        return qemuName;
    }

    public static ImageFormat parse(String name) throws ImageException {
        for (ImageFormat f : values()) {
            if (f.qemuName.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new ImageException("unknown image format '" + name + "' (expected raw, qcow2 or vmdk)");
    }

    /**
     * Guesses the format from the file's first bytes: qcow2 and a sparse VMDK by their magic numbers; anything else
     * is raw, a VMDK text descriptor too. A descriptor names the files its data lies in, so taking one for a VMDK
     * would let the first bytes of any file (an upload, a raw disk a guest wrote) choose which neighbouring files a
     * disk reads: only {@link #probePackaged} does, for a package that brought its extents.
     */
    public static ImageFormat probe(Path path) throws IOException {
        return probe(path, false);
    }

    /**
     * As {@link #probe}, and a file that starts as a VMDK text descriptor is a VMDK: for a disk that came in a
     * package (an OVF folder or OVA) together with the extent files its descriptor names beside it.
     */
    public static ImageFormat probePackaged(Path path) throws IOException {
        return probe(path, true);
    }

    private static ImageFormat probe(Path path, boolean descriptorIsVmdk) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(VMDK_DESCRIPTOR.length());
            while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
                // keep reading until the probe window is full or the file ends
            }
            head.flip();
            if (head.remaining() >= 4) {
                if (head.getInt(0) == QCOW2_MAGIC) {
                    return QCOW2;
                }
                if (Integer.reverseBytes(head.getInt(0)) == VMDK_SPARSE_MAGIC) {
                    return VMDK;
                }
            }
            String text = StandardCharsets.ISO_8859_1.decode(head).toString();
            return descriptorIsVmdk && text.equals(VMDK_DESCRIPTOR) ? VMDK : RAW;
        }
    }
}
