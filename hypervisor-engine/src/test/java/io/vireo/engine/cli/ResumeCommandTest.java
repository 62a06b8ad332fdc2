package io.vireo.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code boot --save-to} and {@code resume}: the options, and a folder that holds no saved VM. */
class ResumeCommandTest {
    @TempDir
    Path dir;

    @Test
    void bootTakesTheFolderCtrlASSavesTo() {
        assertThat(BootCommand.parse("--kernel", "Image", "--save-to", "saved").saveTo()).isEqualTo(Path.of("saved"));
        assertThat(BootCommand.parse("--kernel", "Image").saveTo()).isNull();
    }

    @Test
    void resumeOfAFolderWithoutASavedVmSaysWhyAndFails() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(VireoEngine.run("resume", dir.toString())).isEqualTo(1);
            assertThat(VireoEngine.run("resume")).isEqualTo(2);
            assertThat(VireoEngine.run("resume", dir.toString(), "--vnc", ":1")).isEqualTo(2);
            assertThat(VireoEngine.run("resume", dir.toString(), "--nic", "bridge")).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains(dir + " cannot be resumed: spec: cannot read")
                .contains("give the folder a VM was saved to")
                .contains("unknown option --vnc")
                .contains("--nic bridge: only nat networks can be made here");
    }
}
