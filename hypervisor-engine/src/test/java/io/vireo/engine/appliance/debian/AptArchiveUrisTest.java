package io.vireo.engine.appliance.debian;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptArchiveUrisTest {
    @TempDir
    Path etc;

    @Test
    void readsUrisOfDebStanzasFromSourcesFiles() throws IOException {
        Files.createDirectories(etc.resolve("sources.list.d"));
        Files.writeString(etc.resolve("sources.list.d/debian.sources"), """
                Types: deb
                # a comment inside the stanza
                URIs: http://archive.example/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb-src
                URIs: http://sources.example/debian
                Suites: bookworm

                Types: deb
                Enabled: no
                URIs: http://disabled.example/debian
                Suites: bookworm

                Types: deb
                URIs: http://security.example/debian-security
                Suites: bookworm-security
                """);

        assertThat(AptArchiveUris.discover(etc)).containsExactly(
                URI.create("http://archive.example/debian"),
                URI.create("http://security.example/debian-security"));
    }

    @Test
    void readsOneLineSourcesListWithOptionsAndSkipsCommentsAndSourcePackages() throws IOException {
        Files.writeString(etc.resolve("sources.list"), """
                # deb http://commented.example/debian bookworm main
                deb-src http://sources.example/debian bookworm main
                deb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm main
                deb cdrom:[Debian]/ bookworm main
                deb http://mirror.example/debian bookworm-updates main
                """);

        assertThat(AptArchiveUris.discover(etc)).containsExactly(URI.create("http://mirror.example/debian"));
    }

    @Test
    void configurationWithoutSourcesGivesNoUris() {
        assertThat(AptArchiveUris.discover(etc)).isEmpty();
    }
}
