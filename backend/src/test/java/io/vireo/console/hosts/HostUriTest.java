package io.vireo.console.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vireo.console.domain.InvalidFieldException;

class HostUriTest {

    @ParameterizedTest
    @ValueSource(strings = {"qemu:///system", "qemu+ssh://root@10.0.0.5/system", "qemu+ssh://node-2.example.org/system",
            "qemu+ssh://vireo@[fd00::5]:2222/system", "qemu+tls://kvm1.lan:16514/system"})
    void theThreeShapesAreAccepted(String uri) {
        assertThat(HostUri.parse(" " + uri + " ").value()).isEqualTo(uri);
    }

    /**
     * Each of these would reach a shell, an ssh option or a file of the console's machine through libvirt: query
     * parameters choose the ssh command, netcat, key file or socket; a leading dash is an ssh option.
     */
    @ParameterizedTest
    @ValueSource(strings = {"qemu+ssh://host/system?command=/bin/sh", "qemu+ssh://host/system?keyfile=/etc/shadow",
            "qemu+ssh://host/system?netcat=touch%20/tmp/x", "qemu+ssh://-oProxyCommand=touch%20x/system",
            "qemu+ssh://user;reboot@host/system", "qemu+ssh://host$(id)/system", "qemu+ssh://host/system#x",
            "qemu:///session", "qemu+unix:///system", "qemu+ext:///system?command=/bin/sh", "xen:///system",
            "qemu+ssh://host/system/../session", "qemu+ssh://host:0/system", "qemu+ssh://host:70000/system",
            "qemu+tls://root@host/system", "qemu+ssh:// host/system", "", "qemu+ssh://`id`/system"})
    void anythingElseIsRefusedWithTheShapes(String uri) {
        assertThatThrownBy(() -> HostUri.parse(uri)).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo("uri"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"qemu:///system"})
    void onlyTheMachinesOwnDaemonIsLocal(String uri) {
        assertThat(HostUri.parse(uri).isLocal()).isTrue();
        assertThat(HostUri.parse("qemu+ssh://localhost/system").isLocal()).isFalse();
    }

    @Test
    void anSshHostIsReachedWithTheConsolesKeyCheckingItsPinnedHostKeyAndOthersByTheirUriAsIs() {
        Path key = Path.of("/var/lib/vireo data/ssh/vireo_ed25519");
        Path ssh = Path.of("/var/lib/vireo data/ssh-hosts/ssh-3");
        assertThat(HostUri.parse("qemu+ssh://root@10.0.0.5:2222/system").connection(key, ssh)).isEqualTo(
                "qemu+ssh://root@10.0.0.5:2222/system?keyfile=%2Fvar%2Flib%2Fvireo%20data%2Fssh%2Fvireo_ed25519"
                        + "&command=%2Fvar%2Flib%2Fvireo%20data%2Fssh-hosts%2Fssh-3");
        assertThat(HostUri.parse("qemu+tls://kvm1.lan/system").connection(key, ssh))
                .isEqualTo("qemu+tls://kvm1.lan/system");
    }

    @Test
    void sshIsToldWhereToConnectFromTheCheckedParts() {
        assertThat(HostUri.parse("qemu+ssh://root@10.0.0.5:2222/system").sshTarget()).hasValueSatisfying(target -> {
            assertThat(target.destination()).containsExactly("-p", "2222", "-l", "root", "--", "10.0.0.5");
            assertThat(target.knownHostsName()).isEqualTo("[10.0.0.5]:2222");
        });
        assertThat(HostUri.parse("qemu+ssh://[fd00::5]/system").sshTarget()).hasValueSatisfying(target -> {
            assertThat(target.destination()).containsExactly("-p", "22", "--", "fd00::5");
            assertThat(target.knownHostsName()).isEqualTo("fd00::5");
        });
        assertThat(HostUri.parse("qemu+tls://kvm1.lan/system").sshTarget()).isEmpty();
    }

    @Test
    void aDaemonOverSshToLoopbackIsThisMachinesOwn() {
        assertThat(HostUri.parse("qemu+ssh://root@127.0.0.1:2222/system").isThisMachine()).isTrue();
        assertThat(HostUri.parse("qemu:///system").isThisMachine()).isTrue();
        assertThat(HostUri.parse("qemu+ssh://root@127.0.0.10/system").isThisMachine()).isFalse();
    }
}
