package io.vireo.console.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.vireo.console.hosts.libvirt.DomainNames;

/**
 * This console's installation tag, made once and kept in {@code <data-dir>/installation}: it marks the domains the
 * console defines on libvirt hosts as its own ({@link DomainNames}), so consoles sharing a host keep apart.
 */
@Component
public class Installation {
    private static final String FILE = "installation";

    private final DomainNames domainNames;

    Installation(@Value("${vireo.data-dir}") Path dataDir) {
        this.domainNames = new DomainNames(read(dataDir.resolve(FILE)));
    }

    /** How this console names its domains on every libvirt host. */
    public DomainNames domainNames() {
        return domainNames;
    }

    private static String read(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            byte[] random = new byte[4];
            new SecureRandom().nextBytes(random);
            String tag = HexFormat.of().formatHex(random);
            Files.createDirectories(file.getParent());
            Files.writeString(file, tag + "\n", StandardCharsets.US_ASCII);
            return tag;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the console's installation tag in " + file, e);
        }
    }
}
