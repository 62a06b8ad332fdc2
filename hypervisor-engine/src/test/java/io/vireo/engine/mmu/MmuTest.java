package io.vireo.engine.mmu;

import io.vireo.engine.devices.MmioDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MmuTest {
    private static final long RAM = 0x8000_0000L;
    private static final long V = 1, R = 2, W = 4, X = 8, U = 16, A = 64, D = 128;

    private final GuestMemory memory = new GuestMemory(RAM, 4 << 20);
    private final Bus bus = new Bus(memory);
    private final Mmu mmu = new Mmu(bus, new CodeCache(memory.size()));
    private long nextTable = RAM + 0x10_0000;

    @AfterEach
    void close() {
        memory.close();
    }

    private long newTable() {
        long t = nextTable;
        nextTable += 4096;
        return t;
    }

    /** Maps one 4 KiB page in an Sv39 tree rooted at {@code root}; returns the leaf PTE's address. */
    private long map(long root, long va, long pa, long flags) {
        long table = root;
        for (int level = 2; level > 0; level--) {
            long slot = table + ((va >>> (12 + 9 * level)) & 0x1FF) * 8;
            long pte = memory.readLong(slot);
            if ((pte & V) == 0) {
                long next = newTable();
                pte = ((next >>> 12) << 10) | V;
                memory.writeLong(slot, pte);
            }
            table = (pte >>> 10) << 12;
        }
        long leaf = table + ((va >>> 12) & 0x1FF) * 8;
        memory.writeLong(leaf, ((pa >>> 12) << 10) | flags);
        return leaf;
    }

    private long sv39(long root) {
        return (Mmu.SATP_MODE_SV39 << 60) | (root >>> 12);
    }

    @Test
    void sv39TranslatesThroughThreeLevelsAndSetsAccessedAndDirty() {
        long root = newTable();
        long leaf = map(root, 0x4000_0000L, RAM + 0x20_0000, V | R | W);
        mmu.setSatp(sv39(root));
        mmu.store64(0x4000_0008L, 42);
        assertThat(memory.readLong(RAM + 0x20_0008)).isEqualTo(42);
        assertThat(mmu.load64(0x4000_0008L)).isEqualTo(42);
        assertThat(memory.readLong(leaf) & (A | D)).isEqualTo(A | D);
    }

    @Test
    void atomicsGoThroughTheTlbAndAStoreOnlyPageStillRefusesThemAsLoads() {
        long root = newTable();
        map(root, 0x4000_0000L, RAM + 0x20_0000, V | R | W);
        map(root, 0x4000_1000L, RAM + 0x20_1000, V | W | R | A);
        mmu.setSatp(sv39(root));
        long first = mmu.atomicOffset(0x4000_0010L, 8, Access.STORE);
        long walks = mmu.pageWalks();
        assertThat(mmu.atomicOffset(0x4000_0018L, 8, Access.STORE)).isEqualTo(first + 8);
        mmu.store64(0x4000_0020L, 1);
        assertThat(mmu.pageWalks()).as("the AMO's walk filled the store TLB").isEqualTo(walks);
        assertThat(first).isEqualTo(0x20_0010L);
        mmu.setSatp(sv39(root));
        map(root, 0x4000_2000L, RAM + 0x20_2000, V | R | A);
        assertThatThrownBy(() -> mmu.atomicOffset(0x4000_2000L, 4, Access.STORE))
                .isInstanceOfSatisfying(MemoryFault.class, f -> assertThat(f.cause()).isEqualTo(15));
        assertThat(mmu.atomicOffset(0x4000_2008L, 4, Access.LOAD)).as("LR of a read-only page").isEqualTo(0x20_2008L);
    }

    @Test
    void missingWriteOrExecutePermissionGivesPageFaultsWithTheAddress() {
        long root = newTable();
        map(root, 0x1000, RAM + 0x20_0000, V | R | A);
        mmu.setSatp(sv39(root));
        assertThat(mmu.load32(0x1004)).isZero();
        assertThatThrownBy(() -> mmu.store32(0x1004, 1)).isInstanceOfSatisfying(MemoryFault.class, f -> {
            assertThat(f.cause()).isEqualTo(15);
            assertThat(f.address()).isEqualTo(0x1004);
        });
        assertThatThrownBy(() -> mmu.fetchPageOffset(0x1000)).isInstanceOfSatisfying(MemoryFault.class,
                f -> assertThat(f.cause()).isEqualTo(12));
        assertThatThrownBy(() -> mmu.load8(0x9000)).isInstanceOfSatisfying(MemoryFault.class,
                f -> assertThat(f.cause()).isEqualTo(13));
    }

    @Test
    void supervisorReachesUserPagesOnlyWithSumAndNeverExecutesThem() {
        long root = newTable();
        map(root, 0x2000, RAM + 0x20_0000, V | R | W | X | U | A | D);
        mmu.setSatp(sv39(root));
        assertThatThrownBy(() -> mmu.load8(0x2000)).isInstanceOf(MemoryFault.class);
        mmu.setStatusBits(true, false);
        assertThat(mmu.load8(0x2000)).isZero();
        assertThatThrownBy(() -> mmu.fetchPageOffset(0x2000)).isInstanceOf(MemoryFault.class);
        mmu.setPrivilege(Mmu.USER);
        assertThat(mmu.fetchPageOffset(0x2000)).isEqualTo(0x20_0000);
    }

    @Test
    void userModeCannotReachSupervisorPages() {
        long root = newTable();
        map(root, 0x3000, RAM + 0x20_0000, V | R | W | A | D);
        mmu.setSatp(sv39(root));
        mmu.setPrivilege(Mmu.USER);
        assertThatThrownBy(() -> mmu.load8(0x3000)).isInstanceOfSatisfying(MemoryFault.class,
                f -> assertThat(f.cause()).isEqualTo(13));
    }

    @Test
    void mxrMakesExecuteOnlyPagesReadable() {
        long root = newTable();
        map(root, 0x5000, RAM + 0x20_0000, V | X | A);
        mmu.setSatp(sv39(root));
        assertThatThrownBy(() -> mmu.load8(0x5000)).isInstanceOf(MemoryFault.class);
        mmu.setStatusBits(false, true);
        assertThat(mmu.load8(0x5000)).isZero();
    }

    @Test
    void nonCanonicalAddressesAndReservedPteBitsFault() {
        long root = newTable();
        long leaf = map(root, 0x6000, RAM + 0x20_0000, V | R | A);
        mmu.setSatp(sv39(root));
        assertThatThrownBy(() -> mmu.load8(1L << 40)).isInstanceOf(MemoryFault.class);
        memory.writeLong(leaf, memory.readLong(leaf) | (1L << 62));
        mmu.flush();
        assertThatThrownBy(() -> mmu.load8(0x6000)).isInstanceOf(MemoryFault.class);
    }

    @Test
    void staleTranslationsStayUntilSfenceVma() {
        long root = newTable();
        long leaf = map(root, 0x7000, RAM + 0x20_0000, V | R | W | A | D);
        mmu.setSatp(sv39(root));
        memory.writeLong(RAM + 0x20_0000, 1);
        memory.writeLong(RAM + 0x21_0000, 2);
        assertThat(mmu.load64(0x7000)).isEqualTo(1);
        memory.writeLong(leaf, (((RAM + 0x21_0000) >>> 12) << 10) | V | R | W | A | D);
        assertThat(mmu.load64(0x7000)).as("TLB still holds the old mapping").isEqualTo(1);
        mmu.flush();
        assertThat(mmu.load64(0x7000)).isEqualTo(2);
    }

    @Test
    void sv48WalksFourLevels() {
        long root = newTable();
        long l2 = newTable(), l1 = newTable(), l0 = newTable();
        long va = 0x0000_7F00_0000_0000L;
        memory.writeLong(root + ((va >>> 39) & 0x1FF) * 8, ((l2 >>> 12) << 10) | V);
        memory.writeLong(l2 + ((va >>> 30) & 0x1FF) * 8, ((l1 >>> 12) << 10) | V);
        memory.writeLong(l1 + ((va >>> 21) & 0x1FF) * 8, ((l0 >>> 12) << 10) | V);
        memory.writeLong(l0 + ((va >>> 12) & 0x1FF) * 8, (((RAM + 0x30_0000) >>> 12) << 10) | V | R | W | A | D);
        mmu.setSatp((Mmu.SATP_MODE_SV48 << 60) | (root >>> 12));
        mmu.store32(va + 4, 7);
        assertThat(memory.readInt(RAM + 0x30_0004)).isEqualTo(7);
    }

    @Test
    void physicalAddressesOutsideRamAndDevicesAreAccessFaultsAndDevicesAreReached() {
        assertThatThrownBy(() -> mmu.load64(0x4000_0000L)).isInstanceOfSatisfying(MemoryFault.class,
                f -> assertThat(f.cause()).isEqualTo(5));
        assertThatThrownBy(() -> mmu.store64(-8L, 1)).isInstanceOfSatisfying(MemoryFault.class,
                f -> assertThat(f.cause()).isEqualTo(7));
        long[] last = new long[1];
        bus.map(0x1000_0000L, new MmioDevice() {
            public long size() {
                return 0x100;
            }

            public long read(long offset, int width) {
                return offset + width;
            }

            public void write(long offset, int width, long value) {
                last[0] = value;
            }
        });
        assertThat(mmu.load32(0x1000_0010L)).isEqualTo(0x14);
        mmu.store8(0x1000_0000L, (byte) 9);
        assertThat(last[0]).isEqualTo(9);
    }
}
