package io.vireo.engine.storage.vmdk;

import io.vireo.engine.storage.BlockDevice;
import io.vireo.engine.storage.ChannelIo;
import io.vireo.engine.storage.ImageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.Deflater;

/**
 * Writes a disk as a streamOptimized VMDK (the OVA disk format): header, descriptor, then each non-zero
 * grain deflated behind a marker, then grain tables, grain directory, footer and end-of-stream marker,
 * in one sequential pass.
 */
public final class StreamOptimizedWriter {
    private static final int GRAIN_SECTORS = 128;
    private static final int GTES_PER_GT = 512;
    private static final int DESCRIPTOR_SECTORS = 20;
    private static final int OVERHEAD_SECTORS = 128;
    private static final int MARKER_EOS = 0;
    private static final int MARKER_GT = 1;
    private static final int MARKER_GD = 2;
    private static final int MARKER_FOOTER = 3;
    private static final int SECTOR = VmdkHeader.SECTOR;

    private StreamOptimizedWriter() {
    }

    /**
     * Writes the whole of {@code source} to a new file {@code dest}; refuses to overwrite.
     *
     * @return bytes of non-zero grains stored
     */
    public static long write(BlockDevice source, Path dest) throws IOException {
        long capacity = Math.ceilDiv(source.size(), SECTOR);
        if (capacity > VmdkHeader.MAX_CAPACITY_SECTORS) {
            throw new ImageException("disk too large for a VMDK: " + source.size() + " bytes");
        }
        VmdkHeader header = new VmdkHeader(3,
                VmdkHeader.FLAG_NEWLINE_TEST | VmdkHeader.FLAG_COMPRESSED | VmdkHeader.FLAG_MARKERS,
                capacity, GRAIN_SECTORS, 1, DESCRIPTOR_SECTORS, GTES_PER_GT, 0, VmdkHeader.GD_AT_END,
                OVERHEAD_SECTORS, VmdkHeader.COMPRESS_DEFLATE);
        try (FileChannel ch = FileChannel.open(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            try {
                ChannelIo.writeFully(ch, header.encode(), 0);
                ChannelIo.writeFully(ch, descriptor(capacity, dest.getFileName().toString()), SECTOR);
                long sector = OVERHEAD_SECTORS;
                long[] grainSectors = new long[(int) Math.ceilDiv(capacity, GRAIN_SECTORS)];
                sector = writeGrains(source, ch, grainSectors, sector);
                long stored = Arrays.stream(grainSectors).filter(s -> s != 0).count()
                        * GRAIN_SECTORS * SECTOR;
                int gdEntries = (int) header.gdEntries();
                long[] directory = new long[gdEntries];
                int gtSectors = GTES_PER_GT * 4 / SECTOR;
                for (int t = 0; t < gdEntries; t++) {
                    sector = writeMarker(ch, sector, gtSectors, MARKER_GT);
                    ByteBuffer gt = ByteBuffer.allocate(GTES_PER_GT * 4).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < GTES_PER_GT; i++) {
                        long g = (long) t * GTES_PER_GT + i;
                        gt.putInt(i * 4, g < grainSectors.length ? (int) grainSectors[(int) g] : 0);
                    }
                    directory[t] = sector;
                    ChannelIo.writeFully(ch, gt, sector * SECTOR);
                    sector += gtSectors;
                }
                int gdSectors = (int) Math.ceilDiv(gdEntries * 4L, SECTOR);
                sector = writeMarker(ch, sector, gdSectors, MARKER_GD);
                ByteBuffer gd = ByteBuffer.allocate(gdSectors * SECTOR).order(ByteOrder.LITTLE_ENDIAN);
                for (int t = 0; t < gdEntries; t++) {
                    gd.putInt(t * 4, (int) directory[t]);
                }
                long gdSector = sector;
                ChannelIo.writeFully(ch, gd, sector * SECTOR);
                sector += gdSectors;
                sector = writeMarker(ch, sector, 1, MARKER_FOOTER);
                ChannelIo.writeFully(ch, header.withGdOffset(gdSector).encode(), sector * SECTOR);
                sector++;
                writeMarker(ch, sector, 0, MARKER_EOS);
                ch.force(true);
                return stored;
            } catch (IOException | RuntimeException e) {
                ch.close();
                Files.deleteIfExists(dest);
                throw e;
            }
        }
    }

    private static long writeGrains(BlockDevice source, FileChannel ch, long[] grainSectors, long sector)
            throws IOException {
        int grainBytes = GRAIN_SECTORS * SECTOR;
        ByteBuffer data = ByteBuffer.allocate(grainBytes);
        byte[] out = new byte[grainBytes + grainBytes / 2 + 64];
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            for (int g = 0; g < grainSectors.length; g++) {
                long offset = (long) g * grainBytes;
                int n = (int) Math.min(grainBytes, source.size() - offset);
                data.clear().limit(n);
                source.read(offset, data);
                data.flip();
                if (ChannelIo.isZero(data)) {
                    continue;
                }
                deflater.reset();
                deflater.setInput(data.array(), 0, n);
                deflater.finish();
                int len = 0;
                while (!deflater.finished()) {
                    len += deflater.deflate(out, len, out.length - len);
                }
                ByteBuffer marker = ByteBuffer.allocate((int) roundToSector(12 + len)).order(ByteOrder.LITTLE_ENDIAN);
                marker.putLong((long) g * GRAIN_SECTORS).putInt(len).put(out, 0, len).clear();
                ChannelIo.writeFully(ch, marker, sector * SECTOR);
                grainSectors[g] = sector;
                sector += marker.capacity() / SECTOR;
            }
        } finally {
            deflater.end();
        }
        return sector;
    }

    /** A metadata marker: sector count, zero size, type; the sector after it holds the metadata. */
    private static long writeMarker(FileChannel ch, long sector, long numSectors, int type) throws IOException {
        ByteBuffer m = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        m.putLong(0, numSectors).putInt(8, 0).putInt(12, type);
        ChannelIo.writeFully(ch, m, sector * SECTOR);
        return sector + 1;
    }

    private static long roundToSector(long bytes) {
        return Math.ceilDiv(bytes, SECTOR) * (long) SECTOR;
    }

    private static ByteBuffer descriptor(long capacity, String fileName) throws ImageException {
        long cylinders = Math.min(65535, Math.max(1, capacity / (16 * 63)));
        String cid = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String text = "# Disk DescriptorFile\n"
                + "version=1\n"
                + "CID=" + cid + "\n"
                + "parentCID=ffffffff\n"
                + "createType=\"streamOptimized\"\n"
                + "\n"
                + "# Extent description\n"
                + "RW " + capacity + " SPARSE \"" + fileName.replace("\"", "") + "\"\n"
                + "\n"
                + "# The Disk Data Base\n"
                + "#DDB\n"
                + "\n"
                + "ddb.virtualHWVersion = \"4\"\n"
                + "ddb.geometry.cylinders = \"" + cylinders + "\"\n"
                + "ddb.geometry.heads = \"16\"\n"
                + "ddb.geometry.sectors = \"63\"\n"
                + "ddb.adapterType = \"ide\"\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > DESCRIPTOR_SECTORS * SECTOR) {
            throw new ImageException("VMDK descriptor does not fit its reserved sectors");
        }
        return ByteBuffer.allocate(DESCRIPTOR_SECTORS * SECTOR).put(bytes).clear();
    }
}
