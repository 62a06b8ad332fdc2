package io.vireo.engine.sbi;

import io.vireo.engine.cpu.Hart;
import io.vireo.engine.cpu.SupervisorCallHandler;
import io.vireo.engine.mmu.GuestMemoryException;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The engine's firmware: Supervisor Binary Interface v2.0 calls from S-mode, handled in Java
 * (base, TIME, IPI, RFENCE, HSM, SRST, DBCN and the legacy console/shutdown calls).
 */
public final class Sbi implements SupervisorCallHandler {
    static final long SUCCESS = 0, ERR_NOT_SUPPORTED = -2, ERR_INVALID_PARAM = -3, ERR_ALREADY_AVAILABLE = -6;
    static final long SPEC_VERSION_2_0 = 2L << 24;
    /** Implementation ID outside the range the SBI spec assigns to known firmwares. */
    static final long IMPL_ID = 0x5649524FL;
    private static final int MAX_DBCN_WRITE = 4096;

    private final Platform platform;
    private final AtomicLongArray calls = new AtomicLongArray(SbiExtension.values().length + 1);

    public Sbi(Platform platform) {
        this.platform = platform;
    }

    /** Calls handled so far, by extension (unknown extensions are not counted here). */
    public Map<SbiExtension, Long> callCounts() {
        Map<SbiExtension, Long> counts = new EnumMap<>(SbiExtension.class);
        for (SbiExtension e : SbiExtension.values()) {
            counts.put(e, calls.get(e.ordinal()));
        }
        return counts;
    }

    @Override
    public void call(Hart hart) {
        long eid = hart.register(17), fid = hart.register(16);
        long a0 = hart.register(10), a1 = hart.register(11), a2 = hart.register(12);
        SbiExtension ext = SbiExtension.byId(eid);
        if (ext == null) {
            calls.incrementAndGet(SbiExtension.values().length);
            ret(hart, ERR_NOT_SUPPORTED, 0);
            return;
        }
        calls.incrementAndGet(ext.ordinal());
        switch (ext) {
            case LEGACY_CONSOLE_PUTCHAR -> {
                platform.consoleWrite(new byte[] {(byte) a0});
                hart.setRegister(10, 0);
            }
            case LEGACY_CONSOLE_GETCHAR -> hart.setRegister(10, -1);
            case LEGACY_SHUTDOWN -> platform.powerOff();
            case BASE -> base(hart, fid, a0);
            case TIME -> {
                if (fid == 0) {
                    hart.setTimerCompare(a0);
                    ret(hart, SUCCESS, 0);
                } else {
                    ret(hart, ERR_NOT_SUPPORTED, 0);
                }
            }
            case IPI -> {
                if (fid == 0) {
                    ret(hart, forEachHart(a0, a1, Hart::raiseSoftwareInterrupt), 0);
                } else {
                    ret(hart, ERR_NOT_SUPPORTED, 0);
                }
            }
            case RFENCE -> rfence(hart, fid, a0, a1);
            case HSM -> hsm(hart, fid, a0, a1, a2);
            case SRST -> systemReset(hart, fid, a0);
            case DBCN -> debugConsole(hart, fid, a0, a1, a2);
        }
    }

    private static void ret(Hart hart, long error, long value) {
        hart.setRegister(10, error);
        hart.setRegister(11, value);
    }

    private void base(Hart hart, long fid, long a0) {
        switch ((int) fid) {
            case 0 -> ret(hart, SUCCESS, SPEC_VERSION_2_0);
            case 1 -> ret(hart, SUCCESS, IMPL_ID);
            case 2 -> ret(hart, SUCCESS, 1);
            case 3 -> {
                SbiExtension probed = SbiExtension.byId(a0);
                ret(hart, SUCCESS, probed == null ? 0 : 1);
            }
            case 4, 5, 6 -> ret(hart, SUCCESS, 0);
            default -> ret(hart, ERR_NOT_SUPPORTED, 0);
        }
    }

    /** Applies {@code action} to the harts a (mask, base) pair names; base -1 means all harts. */
    private long forEachHart(long mask, long base, java.util.function.Consumer<Hart> action) {
        var harts = platform.harts();
        if (base == -1L) {
            harts.forEach(action);
            return SUCCESS;
        }
        if (base < 0 || base >= harts.size()) {
            return ERR_INVALID_PARAM;
        }
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) != 0) {
                long id = base + bit;
                if (id >= harts.size()) {
                    return ERR_INVALID_PARAM;
                }
                action.accept(harts.get((int) id));
            }
        }
        return SUCCESS;
    }

    private void rfence(Hart caller, long fid, long mask, long base) {
        long result = switch ((int) fid) {
            case 0 -> forEachHart(mask, base, h -> {
                h.requestFenceI();
                if (h != caller) {
                    platform.awaitRemoteFence(caller, h);
                }
            });
            case 1, 2 -> forEachHart(mask, base, h -> {
                h.requestTlbFlush();
                if (h != caller) {
                    platform.awaitRemoteFence(caller, h);
                }
            });
            default -> ERR_NOT_SUPPORTED;
        };
        ret(caller, result, 0);
    }

    private void hsm(Hart hart, long fid, long target, long address, long opaque) {
        int count = platform.harts().size();
        switch ((int) fid) {
            case 0 -> {
                if (target < 0 || target >= count) {
                    ret(hart, ERR_INVALID_PARAM, 0);
                } else if (!platform.startHart((int) target, address, opaque)) {
                    ret(hart, ERR_ALREADY_AVAILABLE, 0);
                } else {
                    ret(hart, SUCCESS, 0);
                }
            }
            case 1 -> {
                platform.stopHart(hart.id());
                ret(hart, SUCCESS, 0);
            }
            case 2 -> {
                if (target < 0 || target >= count) {
                    ret(hart, ERR_INVALID_PARAM, 0);
                } else {
                    ret(hart, SUCCESS, platform.hartState((int) target));
                }
            }
            default -> ret(hart, ERR_NOT_SUPPORTED, 0);
        }
    }

    private void systemReset(Hart hart, long fid, long type) {
        if (fid != 0) {
            ret(hart, ERR_NOT_SUPPORTED, 0);
            return;
        }
        switch ((int) type) {
            case 0 -> platform.powerOff();
            case 1, 2 -> platform.reboot();
            default -> ret(hart, ERR_INVALID_PARAM, 0);
        }
    }

    private void debugConsole(Hart hart, long fid, long count, long addressLo, long addressHi) {
        switch ((int) fid) {
            case 0 -> {
                int n = (int) Math.min(Math.max(count, 0), MAX_DBCN_WRITE);
                byte[] buffer = new byte[n];
                try {
                    platform.readPhysical(addressLo, buffer);
                } catch (GuestMemoryException e) {
                    ret(hart, ERR_INVALID_PARAM, 0);
                    return;
                }
                platform.consoleWrite(buffer);
                ret(hart, SUCCESS, n);
            }
            case 1 -> ret(hart, SUCCESS, 0);
            case 2 -> {
                platform.consoleWrite(new byte[] {(byte) count});
                ret(hart, SUCCESS, 0);
            }
            default -> ret(hart, ERR_NOT_SUPPORTED, 0);
        }
    }
}
