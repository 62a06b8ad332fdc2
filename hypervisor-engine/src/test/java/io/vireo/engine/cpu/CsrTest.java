package io.vireo.engine.cpu;

import io.vireo.engine.mmu.Bus;
import io.vireo.engine.mmu.CodeCache;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.mmu.Mmu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsrTest {
    private final GuestMemory memory = new GuestMemory(0x8000_0000L, 1 << 16);
    private final Mmu mmu = new Mmu(new Bus(memory), new CodeCache(memory.size()));
    private final CsrFile csrs = new CsrFile(mmu, new InstructionFetch(mmu), new FloatState(), new GuestClock(),
            new HartMailbox(), new Trap());

    @AfterEach
    void close() {
        memory.close();
    }

    private long write(Csr csr, long value) {
        csrs.write(csrs.accessible(csr.number, true, 0), value);
        return csrs.read(csrs.accessible(csr.number, false, 0));
    }

    @Test
    void everyCsrsStatedAccessIsWhatItsNumberEncodes() {
        // The privileged spec's convention: bits 11:10 are 3 for read-only CSRs, bits 9:8 the lowest privilege.
        for (Csr csr : Csr.values()) {
            assertThat(csr.access.readOnly).as("%s read-only", csr).isEqualTo((csr.number >>> 10) == 3);
            assertThat(csr.access.lowestPrivilege).as("%s privilege", csr).isEqualTo((csr.number >>> 8) & 3);
            assertThat(Csr.byNumber(csr.number)).isSameAs(csr);
        }
    }

    @Test
    void machineAndHypervisorCsrsAreIllegalInstructions() {
        for (int number : new int[] {0x300, 0xF14, 0x600, 0x7A0}) {
            assertThatThrownBy(() -> csrs.accessible(number, false, 0x1234))
                    .isInstanceOfSatisfying(Trap.class, t -> {
                        assertThat(t.cause).isEqualTo(TrapCause.ILLEGAL_INSTRUCTION);
                        assertThat(t.tval).isEqualTo(0x1234);
                    });
        }
    }

    @Test
    void warlFieldsReadBackLegalValues() {
        assertThat(write(Csr.STVEC, 0x8020_0002L)).as("reserved mode 2 reads back as Direct").isEqualTo(0x8020_0000L);
        assertThat(write(Csr.STVEC, 0x8020_0001L)).as("Vectored stays").isEqualTo(0x8020_0001L);
        assertThat(write(Csr.SEPC, 0x8020_0003L)).isEqualTo(0x8020_0002L);
        assertThat(write(Csr.SCOUNTEREN, -1L)).isEqualTo(0b111);
        assertThat(write(Csr.SSTATUS, -1L)).as("UXL=64 and SD (FS Dirty) read as set")
                .isEqualTo((1L << 63) | (2L << 32) | (1L << 19) | (1L << 18) | (3L << 13) | (1L << 8) | (1L << 5) | (1L << 1));
    }

    @Test
    void userModeReachesCountersOnlyThroughScounterenAndNeverSupervisorCsrs() {
        write(Csr.SCOUNTEREN, 0b010);
        csrs.setPrivilege(Mmu.USER);
        assertThat(csrs.accessible(Csr.TIME.number, false, 0)).isEqualTo(Csr.TIME);
        assertThatThrownBy(() -> csrs.accessible(Csr.CYCLE.number, false, 0)).isInstanceOf(Trap.class);
        assertThatThrownBy(() -> csrs.accessible(Csr.SSTATUS.number, false, 0)).isInstanceOf(Trap.class);
        assertThatThrownBy(() -> csrs.accessible(Csr.TIME.number, true, 0)).as("read-only").isInstanceOf(Trap.class);
    }
}
