package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** What reaches a guest's kernel command line of who it is: only characters that cannot split or quote it. */
class GuestIdentityTest {

    @Test
    void aConsoleUserNameBecomesAUserNameDebianAccepts() {
        assertThat(GuestIdentity.linuxUserName("ann.lee")).isEqualTo("ann_lee");
        assertThat(GuestIdentity.linuxUserName("Root; reboot vireo.user=x")).isEqualTo("root__reboot_vireo_user_x");
        assertThat(GuestIdentity.linuxUserName("9lives")).isEqualTo("u9lives");
        assertThat(GuestIdentity.linuxUserName("-dash")).isEqualTo("u-dash");
        assertThat(GuestIdentity.linuxUserName("Zoë")).isEqualTo("zo_");
        assertThat(GuestIdentity.linuxUserName("a".repeat(64))).hasSize(32);
    }

    @Test
    void aConsoleUserNamedLikeASystemAccountDoesNotBecomeIt() {
        assertThat(GuestIdentity.linuxUserName("root")).isEqualTo("uroot");
        assertThat(GuestIdentity.linuxUserName("SSHD")).isEqualTo("usshd");
        assertThat(GuestIdentity.linuxUserName("systemd-network")).isEqualTo("usystemd-network");
        assertThat(GuestIdentity.linuxUserName("_apt")).isEqualTo("u_apt");
        assertThat(GuestIdentity.linuxUserName("rooted")).isEqualTo("rooted");
    }

    @Test
    void theKeyTravelsAsBase64SoItsSpacesAndQuotesStayInside() {
        String key = "ssh-ed25519 AAAA \"quoted\" ann@laptop";
        String line = new GuestIdentity("web-01", Optional.of("ann"), Optional.of(key)).commandLine();
        assertThat(line.split(" ")).containsExactly("vireo.hostname=web-01", "vireo.user=ann",
                "vireo.ssh-key=" + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aVmBootingAKernelIsToldOnlyItsName() {
        assertThat(new GuestIdentity("tiny-1", Optional.empty(), Optional.of("ssh-ed25519 AAAA")).commandLine())
                .isEqualTo("vireo.hostname=tiny-1");
    }
}
