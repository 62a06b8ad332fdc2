package io.vireo.engine.appliance.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.appliance.fixtures.Debs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorPackageSourceTest {
    @TempDir
    Path mirror;
    @TempDir
    Path cache;

    @Test
    void servesPackagesFromTheFirstSuiteWithAnIndexAndChecksTheirHashes() throws IOException {
        Path deb = new Debs().file("usr/bin/hello", "hi").writeTo(Files.createDirectories(mirror.resolve("pool/h")).resolve("hello_1_riscv64.deb"));
        writeIndex("trixie", "hello", "pool/h/hello_1_riscv64.deb", DebFiles.sha256(deb), Files.size(deb));

        MirrorPackageSource source = MirrorPackageSource.open(mirror.toUri(), List.of("sid", "trixie"), "riscv64");
        Path fetched = new PackageCache(cache).fetch(source, source.find("hello"));

        assertThat(source.suite()).isEqualTo("trixie");
        assertThat(fetched).hasSameBinaryContentAs(deb);
    }

    @Test
    void downloadWithTheWrongHashIsRefusedAndNotCached() throws IOException {
        Path deb = new Debs().file("usr/bin/hello", "hi").writeTo(Files.createDirectories(mirror.resolve("pool/h")).resolve("hello_1_riscv64.deb"));
        writeIndex("sid", "hello", "pool/h/hello_1_riscv64.deb", "0".repeat(64), Files.size(deb));

        MirrorPackageSource source = MirrorPackageSource.open(mirror.toUri(), List.of("sid"), "riscv64");

        assertThatThrownBy(() -> new PackageCache(cache).fetch(source, source.find("hello")))
                .isInstanceOf(PackageSourceException.class)
                .hasMessageContaining("SHA-256");
        assertThat(cache.resolve("hello_1_riscv64.deb")).doesNotExist();
    }

    @Test
    void unknownPackageNamesTheSource() throws IOException {
        writeIndex("sid", "hello", "pool/h/hello.deb", "0".repeat(64), 1);

        MirrorPackageSource source = MirrorPackageSource.open(mirror.toUri(), List.of("sid"), "riscv64");

        assertThatThrownBy(() -> source.find("nothing"))
                .hasMessageContaining("mirror " + mirror.toUri())
                .hasMessageContaining("no package nothing");
    }

    private void writeIndex(String suite, String name, String filename, String sha256, long size) throws IOException {
        Path index = Files.createDirectories(mirror.resolve("dists/" + suite + "/main/binary-riscv64")).resolve("Packages.xz");
        String stanza = """
                Package: %s
                Version: 1
                Architecture: riscv64
                Filename: %s
                Size: %d
                SHA256: %s
                """.formatted(name, filename, size, sha256);
        Files.write(index, Debs.xz(stanza.getBytes(StandardCharsets.UTF_8)));
    }
}
