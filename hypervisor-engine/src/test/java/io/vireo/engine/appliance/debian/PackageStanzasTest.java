package io.vireo.engine.appliance.debian;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackageStanzasTest {
    private static final String SHA = "f71edd27e341ff80b297f3a60d718e1a69c33f2266a51381ac2a48e9b7ee1a30";

    @Test
    void readsTheDownloadFieldsAndFlattensDependencies() throws IOException {
        Map<String, PackageRecord> records = read("""
                Package: linux-image-7.2.13+deb14-riscv64
                Version: 7.2.13-1
                Depends: dracut | initramfs-tools (>= 0.120+deb8u2) | linux-initramfs-tool,
                 linux-binary-7.2.13+deb14-riscv64 (= 7.2.13-1), kmod:any
                Description: Linux for riscv64
                 long description
                Filename: pool/main/l/linux/linux-image_7.2.13-1_riscv64.deb
                Size: 1234
                SHA256: %s

                Package: busybox-static
                Version: 1:1.38.0-3+b1
                Filename: pool/main/b/busybox/busybox-static_1.38.0-3+b1_riscv64.deb
                Size: 953700
                SHA256: %s
                """.formatted(SHA, SHA));

        PackageRecord image = records.get("linux-image-7.2.13+deb14-riscv64");
        assertThat(image.depends()).containsExactly("dracut", "initramfs-tools", "linux-initramfs-tool",
                "linux-binary-7.2.13+deb14-riscv64", "kmod");
        assertThat(image.size()).isEqualTo(1234);
        assertThat(records.get("busybox-static").version()).isEqualTo("1:1.38.0-3+b1");
        assertThat(records.get("busybox-static").debFileName()).isEqualTo("busybox-static_1.38.0-3+b1_riscv64.deb");
    }

    @Test
    void stanzasWithoutChecksumOrWithEscapingPathsAreIgnored() throws IOException {
        Map<String, PackageRecord> records = read("""
                Package: unchecked
                Filename: pool/unchecked.deb

                Package: escaping
                Filename: pool/../../etc/passwd
                SHA256: %s
                """.formatted(SHA));

        assertThat(records).isEmpty();
    }

    private static Map<String, PackageRecord> read(String text) throws IOException {
        return PackageStanzas.read(new BufferedReader(new StringReader(text)));
    }
}
