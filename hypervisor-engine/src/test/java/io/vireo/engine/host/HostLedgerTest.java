package io.vireo.engine.host;

import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The host promises memory up to its RAM times the overcommit ratio, and says why it refuses beyond. */
class HostLedgerTest {
    private static final HostResources HOST = new HostResources(2, 1L << 30);

    private static VirtualMachine vm(String name, int vcpus, long mib) {
        return new VirtualMachine(VmSpec.of(name, vcpus, mib << 20, Path.of("kernel"), null, ""));
    }

    @Test
    void aPowerOnBeyondTheOvercommitLimitIsRefusedWithTheFigures() {
        HostLedger ledger = new HostLedger(HOST, 1.5);
        try (VirtualMachine a = vm("a", 2, 1024); VirtualMachine b = vm("b", 2, 256); VirtualMachine c = vm("c", 1, 512)) {
            ledger.admit(a);
            ledger.admit(b);
            assertThatThrownBy(() -> ledger.admit(c))
                    .isInstanceOf(AdmissionRefusedException.class)
                    .hasMessage("c needs 512 MiB, but the host has promised 1280 MiB of its limit of 1536 MiB "
                            + "(1024 MiB of RAM × 1.50 memory overcommit) to 2 powered-on VMs: 256 MiB are left");
            HostFigures figures = ledger.figures();
            assertThat(figures.vcpus()).isEqualTo(4);
            assertThat(figures.vcpuOvercommit()).isEqualTo(2.0);
            assertThat(figures.memoryPromisedBytes()).isEqualTo(1280L << 20);
            ledger.release(b);
            ledger.admit(c);
            assertThat(ledger.admitted()).containsExactly(a, c);
        }
    }

    @Test
    void withoutOvercommitTheHostPromisesNoMoreThanItsRam() {
        HostLedger ledger = new HostLedger(HOST, 1.0);
        try (VirtualMachine whole = vm("whole", 1, 1024); VirtualMachine extra = vm("extra", 1, 16)) {
            ledger.admit(whole);
            ledger.admit(whole);
            assertThatThrownBy(() -> ledger.admit(extra)).isInstanceOf(AdmissionRefusedException.class);
            assertThat(ledger.figures().vms()).isEqualTo(1);
        }
    }
}
