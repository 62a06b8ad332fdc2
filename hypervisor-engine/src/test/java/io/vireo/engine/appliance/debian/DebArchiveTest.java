package io.vireo.engine.appliance.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.appliance.fixtures.Debs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebArchiveTest {
    @TempDir
    Path directory;

    @Test
    void streamsTheDataTreeWithPathsRelativeToRoot() throws IOException {
        Path deb = new Debs().file("usr/bin/busybox", "ELF").file("usr/share/doc/copyright", "GPL")
                .writeTo(directory.resolve("busybox.deb"));

        Map<String, String> entries = new LinkedHashMap<>();
        DebArchive.readData(deb, (path, entry, content) ->
                entries.put(path, new String(content.readAllBytes(), StandardCharsets.UTF_8)));

        assertThat(entries).containsExactly(Map.entry("usr/bin/busybox", "ELF"), Map.entry("usr/share/doc/copyright", "GPL"));
    }

    @Test
    void fileThatIsNoDebIsRejectedWithItsName() throws IOException {
        Path notADeb = Files.writeString(directory.resolve("broken.deb"), "this is text");

        assertThatThrownBy(() -> DebArchive.readData(notADeb, (path, entry, content) -> { }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("broken.deb");
    }
}
