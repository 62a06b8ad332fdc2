package io.vireo.console.ovf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

import io.vireo.console.QemuImg;

/**
 * Packages built the way ovftool and VirtualBox write them: qcow2 reference disks with a recognisable pattern,
 * converted by QEMU into streamOptimized VMDKs, a descriptor from {@code src/test/resources/ovf}, a manifest and
 * the OVA tar with the descriptor first.
 */
public final class OvfTestPackages {

    private OvfTestPackages() {
    }

    /** A descriptor of {@code src/test/resources/ovf} with its {@code ${key}} placeholders filled in. */
    public static String descriptor(String name, Map<String, String> values) throws IOException {
        try (InputStream in = OvfTestPackages.class.getResourceAsStream("/ovf/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> v : values.entrySet()) {
                text = text.replace("${" + v.getKey() + "}", v.getValue());
            }
            return text;
        }
    }

    /** A disk of {@code mib} MiB whose first MiB after {@code offsetMib} holds {@code pattern}; answers the qcow2. */
    public static Path reference(Path dir, String name, long mib, int pattern, long offsetMib) {
        Path qcow2 = dir.resolve(name + ".qcow2");
        QemuImg.output("qemu-img", "create", "-q", "-f", "qcow2", qcow2.toString(), mib + "M");
        QemuImg.write(qcow2, pattern, offsetMib << 20, 1 << 20);
        return qcow2;
    }

    /** The reference as a streamOptimized VMDK named {@code vmdkName} in {@code dir}. */
    public static Path streamOptimized(Path reference, Path dir, String vmdkName) {
        Path vmdk = dir.resolve(vmdkName);
        QemuImg.output("qemu-img", "convert", "-O", "vmdk", "-o", "subformat=streamOptimized", reference.toString(),
                vmdk.toString());
        return vmdk;
    }

    /** {@code SHA256(name)= hex} lines, as ovftool writes them, for the files in order. */
    public static String sha256Manifest(Path dir, String... names) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            out.append("SHA256(").append(name).append(")= ").append(OvfManifest.digest(dir.resolve(name), "SHA256"))
                    .append('\n');
        }
        return out.toString();
    }

    /** {@code SHA1 (name) = hex} lines with CRLF, as VirtualBox writes them. */
    static String sha1CrlfManifest(Path dir, String... names) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            out.append("SHA1 (").append(name).append(") = ").append(OvfManifest.digest(dir.resolve(name), "SHA1"))
                    .append("\r\n");
        }
        return out.toString();
    }

    /** A tar of the named files of {@code dir}, in order, with GNU size records for anything large. */
    public static byte[] ova(Path dir, String... names) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String name : names) {
            entries.put(name, Files.readAllBytes(dir.resolve(name)));
        }
        return tar(entries);
    }

    static byte[] tar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /**
     * A tar whose one entry's header claims {@code size} bytes (in the base-256 form GNU tar writes for large files)
     * with only a little data behind it: what a forged OVA that wants the datastore filled looks like.
     */
    static byte[] claimingTar(String name, long size) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(size);
        byte[] header = new byte[512];
        entry.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8.name()), true);
        return Arrays.copyOf(header, 512 + 4096);
    }

    /**
     * The same forgery in the POSIX form: a PAX extended header whose {@code size} record claims {@code size} bytes
     * for the entry after it, whose own header says 0.
     */
    static byte[] claimingPaxTar(String name, long size) throws IOException {
        byte[] record = paxRecord("size", String.valueOf(size));
        TarArchiveEntry pax = new TarArchiveEntry("PaxHeaders/" + name, TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
        pax.setSize(record.length);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        byte[] out = new byte[512 + 512 + 512 + 4096];
        pax.writeEntryHeader(out, ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8.name()), false);
        System.arraycopy(record, 0, out, 512, record.length);
        byte[] header = new byte[512];
        entry.writeEntryHeader(header, ZipEncodingHelper.getZipEncoding(StandardCharsets.UTF_8.name()), false);
        System.arraycopy(header, 0, out, 1024, 512);
        return out;
    }

    /** {@code "<length> key=value\n"}, the length counting itself. */
    private static byte[] paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int length = body.length() + 1;
        while (String.valueOf(length).length() + body.length() != length) {
            length++;
        }
        return (length + body).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code source} gzip-compressed into {@code dest}, replacing it, as {@code ovftool --compress} stores disks. */
    static void gzip(Path source, Path dest) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dest))) {
            Files.copy(source, out);
        }
    }

    /**
     * Gives the first compressed grain of a streamOptimized VMDK an impossible length: the header and grain
     * directory still read, so the package passes every check, and the conversion fails on that grain.
     */
    static void breakFirstGrain(Path vmdk) throws IOException {
        try (FileChannel ch = FileChannel.open(vmdk, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(header, 0);
            long overhead = header.getLong(64);
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x7fffffff), overhead * 512 + 8);
        }
    }

    public static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
