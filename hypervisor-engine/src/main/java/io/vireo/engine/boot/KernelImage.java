package io.vireo.engine.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A RISC-V Linux {@code Image}: the uncompressed kernel with its 64-byte boot header
 * (Documentation/arch/riscv/boot-image-header.rst), which says where in RAM it wants to be loaded.
 */
public record KernelImage(byte[] bytes, long textOffset, long imageSize) {
    public static final int HEADER_SIZE = 64;
    private static final long MAGIC2 = 0x05435352L; // "RSC\x05"
    /** jal zero, 64 */
    private static final int JUMP_OVER_HEADER = 0x0400006F;

    public static KernelImage read(Path path) throws IOException {
        long size = Files.size(path);
        if (size < 64 || size > 512L << 20) {
            throw new IOException(path + " is not a RISC-V kernel Image (size " + size + " bytes)");
        }
        return parse(BootFile.read(path), path.toString());
    }

    /**
     * Checks that the file is a RISC-V kernel {@code Image} by its size and its 64-byte header alone, without
     * loading it: what an upload is checked with before it is taken as a kernel.
     */
    public static void check(Path path) throws IOException {
        long size = Files.size(path);
        if (size < HEADER_SIZE || size > 512L << 20) {
            throw new IOException(path.getFileName() + " is not a RISC-V kernel Image (size " + size + " bytes)");
        }
        byte[] header = new byte[HEADER_SIZE];
        try (InputStream in = Files.newInputStream(path)) {
            if (in.readNBytes(header, 0, HEADER_SIZE) != HEADER_SIZE) {
                throw new IOException(path.getFileName() + " ended while its header was read");
            }
        }
        parse(header, path.getFileName().toString());
    }

    /**
     * Wraps a bare S-mode program in an Image header, so the engine loads and starts it like a kernel
     * (at RAM base + 2 MiB, a0 = hart id, a1 = device tree); its first instruction follows the header.
     */
    public static byte[] wrapBareMetal(byte[] program) {
        ByteBuffer image = ByteBuffer.allocate(HEADER_SIZE + program.length).order(ByteOrder.LITTLE_ENDIAN);
        image.putInt(0, JUMP_OVER_HEADER);
        image.putLong(8, 0x200000L);
        image.putLong(16, image.capacity());
        image.putLong(48, 0x5643534952L);
        image.putInt(56, (int) MAGIC2);
        image.put(HEADER_SIZE, program);
        return image.array();
    }

    /** The Image in {@code bytes}, checked; {@code name} names it in the error when it is not one. */
    public static KernelImage parse(byte[] bytes, String name) throws IOException {
        if (bytes.length < HEADER_SIZE) {
            throw new IOException(name + " is not a RISC-V kernel Image (only " + bytes.length + " bytes)");
        }
        ByteBuffer h = ByteBuffer.wrap(bytes, 0, 64).order(ByteOrder.LITTLE_ENDIAN);
        long textOffset = h.getLong(8);
        long imageSize = h.getLong(16);
        long magic = h.getLong(48);
        int magic2 = h.getInt(56);
        boolean riscvMagic = magic == 0x5643534952L; // "RISCV\0\0\0"
        if (!riscvMagic && (magic2 & 0xFFFFFFFFL) != MAGIC2) {
            throw new IOException(name + " is not a RISC-V kernel Image (no RISCV/RSC magic in its header)");
        }
        if (textOffset < 0 || textOffset > (64L << 20) || (textOffset & 0xFFF) != 0) {
            throw new IOException(name + ": implausible text_offset 0x" + Long.toHexString(textOffset));
        }
        if (imageSize < bytes.length) {
            imageSize = bytes.length;
        }
        return new KernelImage(bytes, textOffset, imageSize);
    }
}
