package io.vireo.engine.appliance.initramfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.junit.jupiter.api.Test;

class CpioNewcWriterTest {

    @Test
    void archiveReadsBackWithEveryEntryKindIntact() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioNewcWriter cpio = new CpioNewcWriter(bytes)) {
            cpio.directory("etc", 0755);
            cpio.file("etc/motd", 0644, "hello\n".getBytes(StandardCharsets.UTF_8));
            cpio.file("bin/tool", 0755, 5, new ByteArrayInputStream("abcdefgh".getBytes(StandardCharsets.UTF_8)));
            cpio.symlink("bin/sh", "busybox");
            cpio.characterDevice("dev/console", 0600, 5, 1);
        }

        List<String> seen = new ArrayList<>();
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            CpioArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                assertThat(entry.getFormat()).isEqualTo(CpioConstants.FORMAT_NEW);
                String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                seen.add(describe(entry, content));
            }
        }
        assertThat(seen).containsExactly(
                "etc dir 755",
                "etc/motd file 644 hello\n",
                "bin/tool file 755 abcde",
                "bin/sh link busybox",
                "dev/console chr 5:1");
    }

    @Test
    void everyEntryStartsFourByteAlignedAndTheArchiveEndsWithTheTrailer() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CpioNewcWriter cpio = new CpioNewcWriter(bytes)) {
            cpio.file("a", 0644, new byte[] {1, 2, 3});
            cpio.file("bb", 0644, new byte[] {4});
        }
        String archive = new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1);
        assertThat(bytes.size() % 4).isZero();
        for (int at = archive.indexOf("070701"); at >= 0; at = archive.indexOf("070701", at + 1)) {
            assertThat(at % 4).isZero();
        }
        assertThat(archive).contains("TRAILER!!!");
    }

    @Test
    void streamThatEndsBeforeTheDeclaredSizeIsAnError() {
        CpioNewcWriter cpio = new CpioNewcWriter(new ByteArrayOutputStream());
        assertThatThrownBy(() -> cpio.file("short", 0644, 10, new ByteArrayInputStream(new byte[3])))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("early");
    }

    @Test
    void absolutePathsAreRefused() {
        CpioNewcWriter cpio = new CpioNewcWriter(new ByteArrayOutputStream());
        assertThatThrownBy(() -> cpio.directory("/etc", 0755)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String describe(CpioArchiveEntry entry, String content) {
        String permissions = Long.toOctalString(entry.getMode() & 07777);
        if (entry.isDirectory()) {
            return entry.getName() + " dir " + permissions;
        }
        if (entry.isSymbolicLink()) {
            return entry.getName() + " link " + content;
        }
        if (entry.isCharacterDevice()) {
            return entry.getName() + " chr " + entry.getRemoteDeviceMaj() + ":" + entry.getRemoteDeviceMin();
        }
        return entry.getName() + " file " + permissions + " " + content;
    }
}
