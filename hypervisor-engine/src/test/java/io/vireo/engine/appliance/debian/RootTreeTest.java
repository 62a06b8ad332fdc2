package io.vireo.engine.appliance.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vireo.engine.appliance.fixtures.Debs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootTreeTest {
    @TempDir
    Path temp;

    @Test
    void packagesLandInTheMergedUsrLayoutWithTheirModesAndLinks() throws IOException {
        RootTree tree = RootTree.create(temp.resolve("root"));
        tree.unpack(new Debs()
                .directory("bin", 0755)
                .file("bin/login", 04755, "setuid".getBytes())
                .directory("etc/ssl/private", 0700)
                .file("etc/ssl/private/key", 0600, "secret".getBytes())
                .symlink("usr/bin/sh", "dash")
                .file("usr/bin/dash", 0755, "shell".getBytes())
                .hardLink("usr/bin/rdash", "usr/bin/dash")
                .writeTo(temp.resolve("a.deb")));

        Path root = tree.root();
        assertThat(Files.readSymbolicLink(root.resolve("bin"))).as("bin stays a link into usr").isEqualTo(Path.of("usr/bin"));
        assertThat(root.resolve("usr/bin/login")).hasContent("setuid");
        assertThat(mode(root.resolve("usr/bin/login"))).isEqualTo(04755);
        assertThat(mode(root.resolve("etc/ssl/private"))).isEqualTo(0700);
        assertThat(mode(root.resolve("etc/ssl/private/key"))).isEqualTo(0600);
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/sh"))).isEqualTo(Path.of("dash"));
        assertThat(Files.isSameFile(root.resolve("usr/bin/rdash"), root.resolve("usr/bin/dash"))).isTrue();
    }

    @Test
    void aLaterPackageReplacesAFileAndALinkPointingOutsideIsFollowedInsideTheRoot() throws IOException {
        RootTree tree = RootTree.create(temp.resolve("root"));
        Path outside = Files.createDirectories(temp.resolve("host-etc"));
        tree.unpack(new Debs().file("etc/motd", "first").symlink("etc/alternatives", outside.toString())
                .writeTo(temp.resolve("a.deb")));
        tree.unpack(new Debs().file("etc/motd", "second").file("etc/alternatives/editor", "vi")
                .writeTo(temp.resolve("b.deb")));

        assertThat(tree.root().resolve("etc/motd")).hasContent("second");
        assertThat(outside).isEmptyDirectory();
        assertThat(tree.resolve("etc/alternatives/editor")).hasContent("vi")
                .isEqualTo(tree.root().resolve(outside.toString().substring(1)).resolve("editor"));
    }

    @Test
    void anEntryClimbingOutOfTheRootIsRefused() throws IOException {
        RootTree tree = RootTree.create(temp.resolve("root"));
        Path deb = new Debs().file("usr/../../escaped", "x").writeTo(temp.resolve("bad.deb"));

        assertThatThrownBy(() -> tree.unpack(deb)).hasMessageContaining("leaves the root");
        assertThat(temp.resolve("escaped")).doesNotExist();
    }

    private static int mode(Path path) throws IOException {
        return (int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }
}
