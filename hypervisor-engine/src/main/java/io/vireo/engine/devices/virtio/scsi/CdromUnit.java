package io.vireo.engine.devices.virtio.scsi;

import io.vireo.engine.storage.DiskImage;
import io.vireo.engine.storage.raw.RawImage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A CD-ROM drive (MMC-6, peripheral type 5, removable) reading 2048-byte blocks from a raw ISO image: the
 * commands Linux's sr and cdrom drivers send to find, read, lock and eject a disc. The disc is changed by
 * the host ({@link CdromDrive}) or taken out by the guest (START STOP UNIT with LoEj); after a change the
 * next command that is not INQUIRY, REPORT LUNS, REQUEST SENSE, GET CONFIGURATION or GET EVENT STATUS
 * NOTIFICATION reports UNIT ATTENTION once, and the next media event poll reports the new disc or its removal.
 *
 * <p>Its state is touched by the device's I/O thread and the host, so every access holds the unit's lock.
 */
final class CdromUnit extends LogicalUnit implements CdromDrive {
    static final int BLOCK = 2048;
    private static final int START_STOP_UNIT = 0x1B, PREVENT_ALLOW_MEDIUM_REMOVAL = 0x1E, READ_CAPACITY_10 = 0x25,
            READ_10 = 0x28, READ_TOC = 0x43, GET_CONFIGURATION = 0x46, GET_EVENT_STATUS_NOTIFICATION = 0x4A,
            READ_12 = 0xA8, MECHANISM_STATUS = 0xBD;
    /** Media event codes (MMC-6 §6.7.2.5). */
    private static final int NO_CHANGE = 0, NEW_MEDIA = 2, MEDIA_REMOVAL = 3;

    private final Inquiry inquiry;
    private final SortedMap<Integer, byte[]> modePages = new TreeMap<>();
    private DiskImage disc;
    private Path discPath;
    private boolean unitAttention;
    private boolean locked;
    private int mediaEvent = NO_CHANGE;

    CdromUnit(String serial) {
        this.inquiry = new Inquiry(Inquiry.TYPE_CDROM, true, "VIRTUAL CD-ROM", serial, Map.of());
        modePages.put(0x2A, Mmc.capabilitiesPage());
    }

    @Override
    Inquiry inquiry() {
        return inquiry;
    }

    // ---- the host's side ----

    @Override
    public synchronized Optional<Path> medium() {
        return Optional.ofNullable(discPath);
    }

    @Override
    public synchronized boolean locked() {
        return locked;
    }

    @Override
    public void insert(Path iso) throws IOException {
        DiskImage opened = open(iso);
        synchronized (this) {
            if (locked && disc != null) {
                close(opened);
                throw new IllegalStateException("the guest has locked the CD-ROM drive; eject its disc with force first");
            }
            close(disc);
            disc = opened;
            discPath = iso;
            changed(NEW_MEDIA);
        }
    }

    private static DiskImage open(Path iso) throws IOException {
        RawImage image = RawImage.open(iso, true);
        if (image.size() == 0 || image.size() % BLOCK != 0) {
            image.close();
            throw new IOException(iso + " is " + image.size() + " bytes, not a whole number of 2048-byte blocks: "
                    + "not a CD or DVD image");
        }
        return image;
    }

    @Override
    public synchronized void eject(boolean force) {
        if (locked && !force && disc != null) {
            throw new IllegalStateException("the guest has locked the CD-ROM drive (a disc in it is in use)");
        }
        if (disc != null) {
            takeOut();
        }
    }

    private void takeOut() {
        close(disc);
        disc = null;
        discPath = null;
        changed(MEDIA_REMOVAL);
    }

    private void changed(int event) {
        unitAttention = true;
        mediaEvent = event;
    }

    /** The disc closes with the drive (at power off); the drive is empty afterwards. */
    synchronized void close() {
        close(disc);
        disc = null;
        discPath = null;
    }

    private static void close(DiskImage image) {
        if (image != null) {
            try {
                image.close();
            } catch (IOException e) {
                // A read-only image has nothing to lose.
            }
        }
    }

    // ---- saved state ----

    /** The drive's state beyond its disc: bit 0 locked, bit 1 unit attention pending, bits 8-15 the media event. */
    synchronized long state() {
        return (locked ? 1 : 0) | (unitAttention ? 2 : 0) | (long) mediaEvent << 8;
    }

    /** Takes a saved {@link #state}, untrusted input. */
    synchronized void restore(long state) {
        int event = (int) (state >> 8);
        if ((state & ~0xFF03L) != 0 || (event != NO_CHANGE && event != NEW_MEDIA && event != MEDIA_REMOVAL)) {
            throw new IllegalArgumentException("CD-ROM drive state 0x" + Long.toHexString(state) + " has bits that do not exist");
        }
        locked = (state & 1) != 0;
        unitAttention = (state & 2) != 0;
        mediaEvent = event;
    }

    // ---- the guest's side ----

    @Override
    synchronized Sense pendingSense() {
        if (unitAttention) {
            unitAttention = false;
            return Sense.MEDIUM_MAY_HAVE_CHANGED;
        }
        return disc == null ? Sense.MEDIUM_NOT_PRESENT : Sense.NONE;
    }

    @Override
    synchronized Completion command(Cdb cdb, DataBuffers data) {
        int opcode = cdb.opcode();
        if (opcode == GET_CONFIGURATION) {
            return Mmc.configuration(cdb, data, capacity());
        }
        if (opcode == GET_EVENT_STATUS_NOTIFICATION) {
            return eventStatus(cdb, data);
        }
        if (unitAttention) {
            unitAttention = false;
            return Completion.check(Sense.MEDIUM_MAY_HAVE_CHANGED);
        }
        return switch (opcode) {
            case PREVENT_ALLOW_MEDIUM_REMOVAL -> {
                locked = (cdb.u8(4) & 1) != 0;
                yield Completion.good(0);
            }
            case START_STOP_UNIT -> startStop(cdb);
            case MECHANISM_STATUS -> Mmc.mechanismStatus(cdb, data);
            case ModeSense.MODE_SENSE_6, ModeSense.MODE_SENSE_10 -> ModeSense.answer(cdb, data, false, modePages);
            case TEST_UNIT_READY, READ_CAPACITY_10, READ_10, READ_12, READ_TOC -> disc == null
                    ? Completion.check(Sense.MEDIUM_NOT_PRESENT) : withDisc(cdb, data);
            default -> Completion.check(Sense.INVALID_OPCODE);
        };
    }

    private Completion withDisc(Cdb cdb, DataBuffers data) {
        long capacity = capacity();
        return switch (cdb.opcode()) {
            case READ_CAPACITY_10 -> readCapacity10(capacity, BLOCK, data);
            case READ_10 -> read(disc, BLOCK, capacity, cdb.u32(2), cdb.u16(7), data);
            case READ_12 -> read(disc, BLOCK, capacity, cdb.u32(2), cdb.u32(6), data);
            case READ_TOC -> Mmc.tableOfContents(cdb, data, capacity);
            default -> Completion.good(0);
        };
    }

    /** LoEj with Start clear takes the disc out unless the drive is locked; loading needs nothing. */
    private Completion startStop(Cdb cdb) {
        boolean loadEject = (cdb.u8(4) & 2) != 0, start = (cdb.u8(4) & 1) != 0;
        if (loadEject && !start) {
            if (locked) {
                return Completion.check(Sense.REMOVAL_PREVENTED);
            }
            if (disc != null) {
                takeOut();
                unitAttention = false; // the guest asked for it: nothing to tell it
            }
        }
        return Completion.good(0);
    }

    /** Polled media class only: the pending event (reported once) and whether a disc is in. */
    private Completion eventStatus(Cdb cdb, DataBuffers data) {
        if ((cdb.u8(1) & 1) == 0) {
            return Completion.check(Sense.INVALID_FIELD);
        }
        int media = 1 << 4;
        if ((cdb.u8(4) & media) == 0) {
            return data.send(new byte[] {0, 2, (byte) 0x80, (byte) media}, cdb.u16(7));
        }
        byte[] b = {0, 6, 4, (byte) media, (byte) mediaEvent, (byte) (disc == null ? 0 : 2), 0, 0};
        mediaEvent = NO_CHANGE;
        return data.send(b, cdb.u16(7));
    }

    /** Blocks on the disc, 0 when empty. */
    private long capacity() {
        return disc == null ? 0 : disc.size() / BLOCK;
    }
}
