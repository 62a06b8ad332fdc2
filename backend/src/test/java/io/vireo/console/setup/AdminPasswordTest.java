package io.vireo.console.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminPasswordTest {

    @TempDir
    Path dir;

    @Test
    void withoutAFileAFreshPasswordIsGeneratedEachTime() {
        AdminPassword first = AdminPassword.choose("");
        AdminPassword second = AdminPassword.choose(null);
        assertThat(first.file()).isEmpty();
        assertThat(first.value()).hasSize(20).matches("[a-zA-Z2-9]+");
        assertThat(second.value()).isNotEqualTo(first.value());
    }

    @Test
    void theSecretFileGivesThePasswordWithoutTheLineEndingAfterIt() throws IOException {
        Path secret = Files.writeString(dir.resolve("admin_password"), "  correct horse battery staple\n");
        AdminPassword password = AdminPassword.choose(secret.toString());
        assertThat(password.value()).isEqualTo("  correct horse battery staple");
        assertThat(password.file()).contains(secret);
        Files.writeString(secret, "correct horse battery staple\r\n");
        assertThat(AdminPassword.choose(secret.toString()).value()).isEqualTo("correct horse battery staple");
    }

    @Test
    void aMissingFileStopsTheStartNamingIt() {
        Path missing = dir.resolve("nothing-here");
        assertThatThrownBy(() -> AdminPassword.choose(missing.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("VIREO_ADMIN_PASSWORD_FILE").hasMessageContaining(missing.toString());
    }

    @Test
    void aPasswordTheConsoleWouldRefuseOnAChangeIsRefusedHereToo() throws IOException {
        Path secret = dir.resolve("admin_password");
        for (String refused : new String[] {"short\n", "", " ".repeat(14), "x".repeat(129)}) {
            Files.writeString(secret, refused);
            assertThatThrownBy(() -> AdminPassword.choose(secret.toString()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("12 to 128 characters");
        }
    }
}
