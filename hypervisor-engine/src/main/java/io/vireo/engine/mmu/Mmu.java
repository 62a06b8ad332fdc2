package io.vireo.engine.mmu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One hart's view of memory: Sv39/Sv48 translation with a software TLB per privilege level and access
 * kind, and the checked load/store paths the interpreter calls. TLB entries only ever point at RAM;
 * device windows always take the slow path through the {@link Bus}. Faults are thrown as the hart's
 * preallocated {@link MemoryFault}. It is longer than most classes because each access width has its own
 * fast path, spelled out so that the JIT inlines each one whole into the interpreter and into regions.
 */
public final class Mmu {
    public static final int USER = 0, SUPERVISOR = 1;
    public static final long SATP_MODE_BARE = 0, SATP_MODE_SV39 = 8, SATP_MODE_SV48 = 9;

    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    private static final VarHandle PTE = ValueLayout.JAVA_LONG.varHandle();

    private static final int TLB_BITS = 9, TLB_SIZE = 1 << TLB_BITS, TLB_MASK = TLB_SIZE - 1;
    private static final long PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16, PTE_A = 64, PTE_D = 128;

    private final Bus bus;
    private final MemorySegment ram;
    private final long ramBase;
    private final long ramSize;
    private final CodeCache code;
    private final byte[] codeFlags;
    private final MemoryFault fault = new MemoryFault();

    /** [privilege][access] tag arrays (virtual page numbers, -1 = empty) and RAM offsets of the pages. */
    private final long[][][] tags = new long[2][3][TLB_SIZE];
    private final long[][][] addends = new long[2][3][TLB_SIZE];
    private long[] fetchTag, loadTag, storeTag;
    private long[] fetchAdd, loadAdd, storeAdd;

    private int privilege = SUPERVISOR;
    private long mode = SATP_MODE_BARE;
    private long rootTable;
    private boolean sum;
    private boolean mxr;
    /** Page-table walks and device (MMIO) accesses: counts, written on the hart's thread only. */
    private long walks, deviceAccesses;

    public Mmu(Bus bus, CodeCache code) {
        this.bus = bus;
        this.ram = bus.ram().segment();
        this.ramBase = bus.ram().base();
        this.ramSize = bus.ram().size();
        this.code = code;
        this.codeFlags = code.codeFlags();
        flush();
        selectPrivilege();
    }

    // ---- configuration from CSRs ----

    public void setPrivilege(int privilege) {
        if (this.privilege != privilege) {
            this.privilege = privilege;
            selectPrivilege();
        }
    }

    public int privilege() {
        return privilege;
    }

    /** Applies a satp value; returns false (and changes nothing) for a mode this MMU does not implement. */
    public boolean setSatp(long satp) {
        long m = satp >>> 60;
        if (m != SATP_MODE_BARE && m != SATP_MODE_SV39 && m != SATP_MODE_SV48) {
            return false;
        }
        mode = m;
        rootTable = (satp & ((1L << 44) - 1)) << 12;
        flush();
        return true;
    }

    public void setStatusBits(boolean sum, boolean mxr) {
        if (this.sum != sum || this.mxr != mxr) {
            this.sum = sum;
            this.mxr = mxr;
            flush();
        }
    }

    /** SFENCE.VMA (any operands: a full flush is always allowed) and SBI remote fences. */
    public void flush() {
        for (long[][] byPriv : tags) {
            for (long[] t : byPriv) {
                Arrays.fill(t, -1L);
            }
        }
    }

    private void selectPrivilege() {
        fetchTag = tags[privilege][0];
        loadTag = tags[privilege][1];
        storeTag = tags[privilege][2];
        fetchAdd = addends[privilege][0];
        loadAdd = addends[privilege][1];
        storeAdd = addends[privilege][2];
    }

    public MemorySegment ram() {
        return ram;
    }

    public CodeCache codeCache() {
        return code;
    }

    public long pageWalks() {
        return walks;
    }

    public long deviceAccesses() {
        return deviceAccesses;
    }

    // ---- fast paths ----

    public long load64(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        long off = va & 0xFFF;
        if (loadTag[i] == vpn && off <= 0xFF8) {
            return ram.get(LONG, loadAdd[i] + off);
        }
        return loadSlow(va, 8);
    }

    public int load32(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        long off = va & 0xFFF;
        if (loadTag[i] == vpn && off <= 0xFFC) {
            return ram.get(INT, loadAdd[i] + off);
        }
        return (int) loadSlow(va, 4);
    }

    public short load16(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        long off = va & 0xFFF;
        if (loadTag[i] == vpn && off <= 0xFFE) {
            return ram.get(SHORT, loadAdd[i] + off);
        }
        return (short) loadSlow(va, 2);
    }

    public byte load8(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        if (loadTag[i] == vpn) {
            return ram.get(BYTE, loadAdd[i] + (va & 0xFFF));
        }
        return (byte) loadSlow(va, 1);
    }

    public void store64(long va, long v) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        long off = va & 0xFFF;
        if (storeTag[i] == vpn && off <= 0xFF8) {
            long o = storeAdd[i] + off;
            ram.set(LONG, o, v);
            if (codeFlags[(int) (o >>> 12)] != 0) {
                code.written((int) (o >>> 12));
            }
            return;
        }
        storeSlow(va, v, 8);
    }

    public void store32(long va, int v) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        long off = va & 0xFFF;
        if (storeTag[i] == vpn && off <= 0xFFC) {
            long o = storeAdd[i] + off;
            ram.set(INT, o, v);
            if (codeFlags[(int) (o >>> 12)] != 0) {
                code.written((int) (o >>> 12));
            }
            return;
        }
        storeSlow(va, v, 4);
    }

    public void store16(long va, short v) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        long off = va & 0xFFF;
        if (storeTag[i] == vpn && off <= 0xFFE) {
            long o = storeAdd[i] + off;
            ram.set(SHORT, o, v);
            if (codeFlags[(int) (o >>> 12)] != 0) {
                code.written((int) (o >>> 12));
            }
            return;
        }
        storeSlow(va, v, 2);
    }

    public void store8(long va, byte v) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        if (storeTag[i] == vpn) {
            long o = storeAdd[i] + (va & 0xFFF);
            ram.set(BYTE, o, v);
            if (codeFlags[(int) (o >>> 12)] != 0) {
                code.written((int) (o >>> 12));
            }
            return;
        }
        storeSlow(va, v, 1);
    }

    /**
     * RAM offset of the page holding instruction address {@code va} (for the decode cache), or -1 when
     * it is device memory, which cannot be executed.
     */
    public long fetchPageOffset(long va) {
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        if (fetchTag[i] == vpn) {
            return fetchAdd[i];
        }
        long pa = translate(va, Access.FETCH);
        long ro = pa - ramBase;
        if (ro < 0 || ro >= ramSize) {
            throw fault.set(Access.FETCH.accessFaultCause, va);
        }
        long page = ro & ~0xFFFL;
        fetchTag[i] = vpn;
        fetchAdd[i] = page;
        return page;
    }

    /** Reads a 16-bit instruction parcel at {@code va} (used where an instruction straddles pages). */
    public int fetchParcel(long va) {
        long page = fetchPageOffset(va);
        return ram.get(SHORT, page + (va & 0xFFF)) & 0xFFFF;
    }

    /** RAM offset for an LR/SC/AMO of {@code width} bytes at an aligned {@code va}; atomics work on RAM only. */
    public long atomicOffset(long va, int width, Access access) {
        // Through the load or store TLB like any access: the kernel's locks and counters are atomics.
        long[] tag = access == Access.LOAD ? loadTag : storeTag, add = access == Access.LOAD ? loadAdd : storeAdd;
        long vpn = va >>> 12;
        int i = (int) vpn & TLB_MASK;
        long ro;
        if (tag[i] == vpn) {
            ro = add[i] + (va & 0xFFF);
        } else {
            ro = translate(va, access) - ramBase;
            if (ro < 0 || ro > ramSize - width) {
                throw fault.set(access.accessFaultCause, va);
            }
            tag[i] = vpn;
            add[i] = ro & ~0xFFFL;
        }
        if (codeFlags[(int) (ro >>> 12)] != 0) {
            code.written((int) (ro >>> 12));
        }
        return ro;
    }

    // ---- slow paths ----

    private long loadSlow(long va, int width) {
        if (((va & 0xFFF) + width) > 0x1000) {
            long v = 0;
            for (int b = 0; b < width; b++) {
                v |= (loadSlow(va + b, 1) & 0xFF) << (8 * b);
            }
            return v;
        }
        long pa = translate(va, Access.LOAD);
        long ro = pa - ramBase;
        if (ro >= 0 && ro < ramSize) {
            long vpn = va >>> 12;
            int i = (int) vpn & TLB_MASK;
            loadTag[i] = vpn;
            loadAdd[i] = ro & ~0xFFFL;
            return switch (width) {
                case 8 -> ram.get(LONG, ro);
                case 4 -> ram.get(INT, ro);
                case 2 -> ram.get(SHORT, ro);
                default -> ram.get(BYTE, ro);
            };
        }
        if (!bus.isDevice(pa, width)) {
            throw fault.set(Access.LOAD.accessFaultCause, va);
        }
        deviceAccesses++;
        return bus.readDevice(pa, width);
    }

    private void storeSlow(long va, long v, int width) {
        if (((va & 0xFFF) + width) > 0x1000) {
            // Translate both pages before writing anything, so a fault leaves memory untouched.
            translate(va, Access.STORE);
            translate(va + width - 1, Access.STORE);
            for (int b = 0; b < width; b++) {
                storeSlow(va + b, v >>> (8 * b), 1);
            }
            return;
        }
        long pa = translate(va, Access.STORE);
        long ro = pa - ramBase;
        if (ro >= 0 && ro < ramSize) {
            long vpn = va >>> 12;
            int i = (int) vpn & TLB_MASK;
            storeTag[i] = vpn;
            storeAdd[i] = ro & ~0xFFFL;
            switch (width) {
                case 8 -> ram.set(LONG, ro, v);
                case 4 -> ram.set(INT, ro, (int) v);
                case 2 -> ram.set(SHORT, ro, (short) v);
                default -> ram.set(BYTE, ro, (byte) v);
            }
            if (codeFlags[(int) (ro >>> 12)] != 0) {
                code.written((int) (ro >>> 12));
            }
            return;
        }
        if (!bus.isDevice(pa, width)) {
            throw fault.set(Access.STORE.accessFaultCause, va);
        }
        deviceAccesses++;
        bus.writeDevice(pa, width, v);
    }

    /** Translates a virtual address for {@code access} in the current privilege, or throws the fault. */
    public long translate(long va, Access access) {
        if (mode == SATP_MODE_BARE) {
            return va;
        }
        walks++;
        int levels = mode == SATP_MODE_SV39 ? 3 : 4;
        int vaBits = 12 + 9 * levels;
        if ((va >> (vaBits - 1)) != 0 && (va >> (vaBits - 1)) != -1) {
            throw fault.set(access.pageFaultCause, va);
        }
        long table = rootTable;
        for (int level = levels - 1; level >= 0; level--) {
            long index = (va >>> (12 + 9 * level)) & 0x1FF;
            long pteAddr = table + index * 8;
            long ro = pteAddr - ramBase;
            if (ro < 0 || ro > ramSize - 8) {
                throw fault.set(access.accessFaultCause, va);
            }
            long pte = (long) PTE.getVolatile(ram, ro);
            if ((pte & PTE_V) == 0 || ((pte & PTE_R) == 0 && (pte & PTE_W) != 0) || (pte >>> 54) != 0) {
                throw fault.set(access.pageFaultCause, va);
            }
            long ppn = (pte >>> 10) & ((1L << 44) - 1);
            if ((pte & (PTE_R | PTE_X)) == 0) {
                if ((pte & (PTE_A | PTE_D | PTE_U)) != 0) {
                    throw fault.set(access.pageFaultCause, va);
                }
                table = ppn << 12;
                continue;
            }
            checkPermission(pte, access, va);
            long levelMask = (1L << (9 * level)) - 1;
            if ((ppn & levelMask) != 0) {
                throw fault.set(access.pageFaultCause, va);
            }
            updateAccessedDirty(ro, pte, access, va);
            long pageBase = (ppn & ~levelMask) << 12;
            return pageBase | (va & ((1L << (12 + 9 * level)) - 1));
        }
        throw fault.set(access.pageFaultCause, va);
    }

    private void checkPermission(long pte, Access access, long va) {
        boolean user = (pte & PTE_U) != 0;
        if (privilege == USER ? !user : (user && (access == Access.FETCH || !sum))) {
            throw fault.set(access.pageFaultCause, va);
        }
        boolean allowed = switch (access) {
            case FETCH -> (pte & PTE_X) != 0;
            case LOAD -> (pte & PTE_R) != 0 || (mxr && (pte & PTE_X) != 0);
            case STORE -> (pte & PTE_W) != 0;
        };
        if (!allowed) {
            throw fault.set(access.pageFaultCause, va);
        }
    }

    private void updateAccessedDirty(long pteOffset, long pte, Access access, long va) {
        long want = PTE_A | (access == Access.STORE ? PTE_D : 0);
        while ((pte & want) != want) {
            long witness = (long) PTE.compareAndExchange(ram, pteOffset, pte, pte | want);
            if (witness == pte) {
                return;
            }
            pte = witness;
            if ((pte & PTE_V) == 0) {
                throw fault.set(access.pageFaultCause, va);
            }
        }
    }

    /** A fault raised outside translation (e.g. misaligned atomics), thrown as the shared fault object. */
    public MemoryFault fault(int cause, long address) {
        return fault.set(cause, address);
    }
}
