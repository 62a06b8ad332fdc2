package io.vireo.engine.devices.virtio.scsi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * The MMC-6 answers of a read-only drive holding one data track: READ TOC/PMA/ATIP (formats 0 and 1, in
 * LBA or MSF), GET CONFIGURATION (the profile list), MECHANISM STATUS and the capabilities mode page.
 */
final class Mmc {
    private static final int PROFILE_CD_ROM = 0x0008, PROFILE_DVD_ROM = 0x0010;
    /** The largest disc that is a CD: 80 minutes of 75 blocks a second. */
    private static final long CD_BLOCKS = 80 * 60 * 75;
    private static final int LEAD_OUT = 0xAA, DATA_TRACK = 0x14;

    private Mmc() {
    }

    /**
     * Page 0x2A: reads CD-R/RW and DVD-ROM discs, writes nothing, has a lockable tray that ejects. Linux's sr
     * driver takes the eject and lock bits from here; without them it refuses {@code eject}.
     */
    static byte[] capabilitiesPage() {
        byte[] p = new byte[22];
        p[0] = 0x2A;
        p[1] = 0x14;
        p[2] = 0x0B; // reads CD-R, CD-RW, DVD-ROM
        p[4] = 0x40; // multi-session
        p[6] = 0x29; // tray loading mechanism, eject, lock
        ByteBuffer.wrap(p).putShort(8, (short) (176 * 8)).putShort(14, (short) (176 * 8)); // "8x"
        return p;
    }

    /** Format 0 (the track and the lead-out from track {@code cdb[6]} on) or 1 (the first session). */
    static Completion tableOfContents(Cdb cdb, DataBuffers data, long capacity) {
        boolean msf = (cdb.u8(1) & 2) != 0;
        int format = cdb.u8(2) & 0x0F;
        if (format == 0) {
            format = cdb.u8(9) >> 6; // the format in the control byte, as SCSI-2 drives took it
        }
        int track = cdb.u8(6);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 1, 1});
        switch (format) {
            case 0 -> {
                if (track > 1 && track != LEAD_OUT) {
                    return Completion.check(Sense.INVALID_FIELD);
                }
                if (track <= 1) {
                    out.writeBytes(trackDescriptor(1, 0, msf));
                }
                out.writeBytes(trackDescriptor(LEAD_OUT, capacity, msf));
            }
            case 1 -> out.writeBytes(trackDescriptor(1, 0, msf));
            default -> {
                return Completion.check(Sense.INVALID_FIELD);
            }
        }
        byte[] b = out.toByteArray();
        b[0] = (byte) ((b.length - 2) >> 8);
        b[1] = (byte) (b.length - 2);
        return data.send(b, cdb.u16(7));
    }

    private static byte[] trackDescriptor(int track, long lba, boolean msf) {
        byte[] d = {0, DATA_TRACK, (byte) track, 0, 0, 0, 0, 0};
        if (msf) {
            long frames = lba + 150; // MSF addresses count the two-second pre-gap
            d[5] = (byte) (frames / (60 * 75));
            d[6] = (byte) (frames / 75 % 60);
            d[7] = (byte) (frames % 75);
        } else {
            ByteBuffer.wrap(d).putInt(4, (int) lba);
        }
        return d;
    }

    /**
     * The feature header and, from starting feature 0, the profile list: DVD-ROM and CD-ROM, the current one
     * by the disc's size (none when empty).
     */
    static Completion configuration(Cdb cdb, DataBuffers data, long capacity) {
        int requestType = cdb.u8(1) & 3, start = cdb.u16(2);
        if (requestType == 3) {
            return Completion.check(Sense.INVALID_FIELD);
        }
        int current = capacity == 0 ? 0 : capacity > CD_BLOCKS ? PROFILE_DVD_ROM : PROFILE_CD_ROM;
        ByteBuffer b = ByteBuffer.allocate(start == 0 ? 20 : 8);
        b.putInt(b.capacity() - 4).putShort((short) 0).putShort((short) current);
        if (start == 0) {
            b.putShort((short) 0).put((byte) 0x03).put((byte) 8); // feature 0: persistent, current
            for (int profile : new int[] {PROFILE_DVD_ROM, PROFILE_CD_ROM}) {
                b.putShort((short) profile).put((byte) (profile == current ? 1 : 0)).put((byte) 0);
            }
        }
        return data.send(b.array(), cdb.u16(7));
    }

    /** No changer, tray closed, no slots. */
    static Completion mechanismStatus(Cdb cdb, DataBuffers data) {
        return data.send(new byte[8], cdb.u16(8));
    }
}
