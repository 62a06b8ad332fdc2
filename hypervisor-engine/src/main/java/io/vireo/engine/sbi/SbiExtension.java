package io.vireo.engine.sbi;

/** SBI extensions the engine implements, with their spec extension IDs. */
public enum SbiExtension {
    LEGACY_CONSOLE_PUTCHAR(0x01),
    LEGACY_CONSOLE_GETCHAR(0x02),
    LEGACY_SHUTDOWN(0x08),
    BASE(0x10),
    TIME(0x54494D45),
    IPI(0x735049),
    RFENCE(0x52464E43),
    HSM(0x48534D),
    SRST(0x53525354),
    DBCN(0x4442434E);

    public final long id;

    SbiExtension(long id) {
        this.id = id;
    }

    public static SbiExtension byId(long id) {
        for (SbiExtension e : values()) {
            if (e.id == id) {
                return e;
            }
        }
        return null;
    }
}
