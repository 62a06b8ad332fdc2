package io.vireo.console.ovf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifests in the forms ovftool and VirtualBox write verify; any difference names the file. */
class OvfManifestTest {

    @TempDir
    Path folder;

    @Test
    void theFormsRealToolsWriteVerify() throws Exception {
        Files.writeString(folder.resolve("a.ovf"), "<Envelope/>");
        Files.write(folder.resolve("a-disk1.vmdk"), new byte[] {1, 2, 3});
        String sha256 = OvfManifest.digest(folder.resolve("a.ovf"), "SHA256");
        String sha1 = OvfManifest.digest(folder.resolve("a-disk1.vmdk"), "SHA1");

        OvfManifest ovftool = OvfManifest.parse("SHA256(a.ovf)= " + sha256 + "\nSHA1(a-disk1.vmdk)= " + sha1 + "\n");
        OvfManifest virtualBox = OvfManifest.parse("SHA256 (a.ovf) = " + sha256.toUpperCase() + "\r\nSHA1 (a-disk1.vmdk) = "
                + sha1 + "\r\n");

        for (OvfManifest manifest : new OvfManifest[] {ovftool, virtualBox}) {
            assertThat(manifest.entries()).containsOnlyKeys("a.ovf", "a-disk1.vmdk");
            manifest.verify(folder, Set.of("a.ovf", "a-disk1.vmdk"));
        }
    }

    @Test
    void aDigestMismatchAnAbsentFileAndAnUnlistedFileAreRefusedByName() throws Exception {
        Files.write(folder.resolve("d.vmdk"), new byte[] {1, 2, 3});
        Files.write(folder.resolve("extra.vmdk"), new byte[] {4});
        String wrong = "0".repeat(64);

        assertThatThrownBy(() -> OvfManifest.parse("SHA256(d.vmdk)= " + wrong).verify(folder, Set.of("d.vmdk")))
                .isInstanceOf(OvfException.class).hasMessageContaining("digest of d.vmdk does not match");
        assertThatThrownBy(() -> OvfManifest.parse("SHA256(gone.vmdk)= " + wrong).verify(folder, Set.of()))
                .hasMessageContaining("gone.vmdk");
        String right = OvfManifest.digest(folder.resolve("d.vmdk"), "SHA256");
        assertThatThrownBy(() -> OvfManifest.parse("SHA256(d.vmdk)= " + right)
                .verify(folder, Set.of("d.vmdk", "extra.vmdk")))
                .hasMessageContaining("extra.vmdk, which its manifest does not list");
    }

    @Test
    void malformedLinesAndTraversingNamesAreRefused() {
        assertThatThrownBy(() -> OvfManifest.parse("MD5(a)= abc")).hasMessageContaining("not a digest");
        assertThatThrownBy(() -> OvfManifest.parse("SHA1(a)= abc")).hasMessageContaining("hex digits");
        assertThatThrownBy(() -> OvfManifest.parse("SHA1(../a)= " + "0".repeat(40))).hasMessageContaining("..");
    }
}
