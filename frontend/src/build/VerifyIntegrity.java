import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Checks a downloaded package against the Subresource-Integrity string pinned in the build
 * ({@code sha512-<base64>}, as npm records it), so a changed or corrupted tarball fails the build
 * instead of landing in the jar. Run with the JDK's source launcher: {@code java VerifyIntegrity.java FILE INTEGRITY}.
 */
void main(String[] args) throws IOException, NoSuchAlgorithmException {
    if (args.length != 2 || !args[1].startsWith("sha512-")) {
        fail("usage: java VerifyIntegrity.java FILE sha512-BASE64");
    }
    Path file = Path.of(args[0]);
    if (!Files.isRegularFile(file)) {
        fail(file + " is missing: the download did not produce it");
    }
    MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
    try (InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            sha512.update(buffer, 0, n);
        }
    }
    String actual = "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
    if (!actual.equals(args[1])) {
        fail(file + " does not match the pinned integrity.\n  expected " + args[1] + "\n  actual   " + actual
                + "\nDelete the file to download it again, or pin the new version's integrity if the upgrade is intended.");
    }
    IO.println("Integrity verified: " + file.getFileName() + " " + actual);
}

void fail(String message) {
    System.err.println("INTEGRITY CHECK FAILED: " + message);
    System.exit(1);
}
