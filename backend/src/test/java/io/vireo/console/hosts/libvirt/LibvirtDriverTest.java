package io.vireo.console.hosts.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.vireo.console.engine.DisplaySession;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.engine.RuntimeStateChanged;
import io.vireo.console.hosts.LibvirtDaemon;
import io.vireo.console.hosts.MachineHost;

/**
 * The driver against the machine's own libvirtd: a domain of one of its VMs that started while the driver was not
 * connected (the console was down) is found by reconciling, and one destroyed outside is told stopped by its event;
 * a VM the inventory has running whose domain went while the console was down is told stopped.
 * Domains of VMs not placed on the host are left alone.
 */
@ExtendWith(LibvirtDaemon.class)
class LibvirtDriverTest {
    /** The names of a console installation of these tests' own. */
    static final DomainNames NAMES = new DomainNames("7e575e57");
    /** Far above the ids the console's tests use, so no test's VM is this one. */
    private static final long VM = 900_000_001L;
    private static final Optional<VncRoute> LOOPBACK = Optional.of(VncRoute.loopback());
    private static final Function<Long, Optional<Path>> NO_FOLDER = vmId -> Optional.empty();

    /** The machine's daemon as a host of a console of these tests' own. */
    private static LibvirtHost here() {
        return new LibvirtHost("here", LibvirtDaemon.uri(), Optional.empty(), LOOPBACK, NAMES);
    }

    @Test
    void reconcilingFindsADomainStartedMeanwhileAndItsDestructionIsTold(@TempDir Path dir) throws Exception {
        List<RuntimeStateChanged> told = new CopyOnWriteArrayList<>();
        try (LibvirtDriver driver = new LibvirtDriver(here(),
                told::add, () -> Set.of(VM), NO_FOLDER, Optional.empty())) {
            MachineHost.virsh("create", firmwareOnlyDomain(dir, NAMES.of(VM)).toString());
            try {
                driver.reconcile();
                assertThat(told).containsExactly(new RuntimeStateChanged(VM, RuntimeState.RUNNING, "found running on host here"));
                assertThat(driver.state(VM)).isEqualTo(RuntimeState.RUNNING);
                driver.reconcile();
                assertThat(told).as("nothing changed since").hasSize(1);
            } finally {
                MachineHost.virsh("destroy", NAMES.of(VM));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> told.size() == 2);
            assertThat(told.get(1)).isEqualTo(new RuntimeStateChanged(VM, RuntimeState.OFF,
                    "its domain was destroyed on host here outside the console"));
            assertThat(driver.state(VM)).isEqualTo(RuntimeState.OFF);
        }
    }

    @Test
    void aVmTheInventoryHasRunningWhoseDomainIsGoneIsToldStopped() {
        List<RuntimeStateChanged> told = new CopyOnWriteArrayList<>();
        try (LibvirtDriver driver = new LibvirtDriver(here(),
                told::add, () -> Set.of(VM + 1), NO_FOLDER, Optional.empty())) {
            driver.assumeRunning(Set.of(VM + 1));
            driver.reconcile();
            assertThat(told).containsExactly(new RuntimeStateChanged(VM + 1, RuntimeState.OFF,
                    "its domain is gone from host here"));
        }
    }

    @Test
    void aDomainsVncDisplayIsRelayedToTheViewer(@TempDir Path dir) throws Exception {
        try (LibvirtDriver driver = new LibvirtDriver(here(),
                change -> { }, () -> Set.of(VM + 2), NO_FOLDER, Optional.empty())) {
            Path xml = Files.writeString(dir.resolve("screen.xml"), "<domain type='qemu'><name>" + NAMES.of(VM + 2)
                    + "</name><memory unit='MiB'>64</memory><os><type arch='riscv64' machine='virt'>hvm</type></os>"
                    + "<devices><graphics type='vnc' port='-1' autoport='yes'><listen type='address'"
                    + " address='127.0.0.1'/></graphics><video><model type='virtio'/></video>"
                    + "<memballoon model='none'/></devices></domain>");
            MachineHost.virsh("create", xml.toString());
            try {
                PipedViewer viewer = new PipedViewer();
                DisplaySession session = driver.openDisplay(VM + 2, "admin", viewer.in(), viewer.out(), false)
                        .orElseThrow();
                Thread relay = PipedViewer.relay(session);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> viewer.received().length >= 12);
                assertThat(new String(viewer.received(), 0, 4, StandardCharsets.US_ASCII))
                        .as("QEMU's VNC server greets the viewer").isEqualTo("RFB ");
                viewer.type("RFB 003.008\n");
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> viewer.received().length > 12);
                session.close();
                viewer.close();
                relay.join(Duration.ofSeconds(30));
                assertThat(relay.isAlive()).isFalse();
            } finally {
                MachineHost.virsh("destroy", NAMES.of(VM + 2));
            }
        }
    }

    /**
     * A domain running when the console starts (here: one created outside it) has its serial console followed once
     * the host is reconciled: what it prints from then on lands in the VM's log, and typing reaches it.
     */
    @Test
    void theSerialConsoleOfADomainFoundRunningIsFollowedOnceReconciled(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("vm"));
        try (LibvirtDriver driver = new LibvirtDriver(here(),
                change -> { }, () -> Set.of(VM + 3), vmId -> Optional.of(folder), Optional.empty())) {
            Path xml = Files.writeString(dir.resolve("serial.xml"), "<domain type='qemu'><name>"
                    + NAMES.of(VM + 3) + "</name><memory unit='MiB'>64</memory><os><type arch='riscv64'"
                    + " machine='virt'>hvm</type></os><devices><serial type='pty'/><memballoon model='none'/>"
                    + "</devices></domain>");
            MachineHost.virsh("create", xml.toString(), "--paused");
            try {
                assertThat(driver.serialTail(VM + 3)).as("not followed before the host is reconciled").isEmpty();
                driver.reconcile();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> driver.serialTail(VM + 3).isPresent());
                MachineHost.virsh("resume", NAMES.of(VM + 3));
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> driver.serialTail(VM + 3).orElse(""),
                        tail -> tail.contains("OpenSBI"));
                driver.typeSerial(VM + 3, "typed\n".getBytes(StandardCharsets.US_ASCII));
            } finally {
                MachineHost.virsh("destroy", NAMES.of(VM + 3));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> driver.serialTail(VM + 3).isEmpty());
            assertThat(Files.readString(folder.resolve("serial.log"))).as("the VM's log").contains("OpenSBI");
        }
    }

    /** A riscv64 machine with its firmware only: it runs (and idles) without a kernel or disk, enough for its state. */
    static Path firmwareOnlyDomain(Path dir, String name) throws IOException {
        Path xml = dir.resolve("domain.xml");
        Files.writeString(xml, "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory>"
                + "<os><type arch='riscv64' machine='virt'>hvm</type></os><devices><memballoon model='none'/></devices>"
                + "</domain>");
        return xml;
    }
}
