package io.vireo.engine.devices.virtio;

import io.vireo.engine.devices.virtio.scsi.CdromDrive;
import io.vireo.engine.devices.virtio.scsi.VirtioScsi;
import io.vireo.engine.storage.BlockDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.vireo.engine.devices.virtio.TestDriver.RAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The virtio SCSI host against in-memory disks and ISO files, through a test driver's request queue. */
class VirtioScsiTest {
    private static final long REQ = RAM + 0x100000, OUT = RAM + 0x110000, RESP = RAM + 0x200000, IN = RAM + 0x210000;
    private static final int REQ_LENGTH = 51, RESP_LENGTH = 108, CONTROL = 0, REQUEST = 2;
    private static final int OK = 0, OVERRUN = 1, BAD_TARGET = 3, FAILURE = 9;
    private static final int GOOD = 0, CHECK_CONDITION = 2;

    @TempDir
    Path dir;
    private TestDriver driver;
    private VirtioScsi scsi;
    private final int[] used = new int[3];

    /** A disk of {@code sectors} 512-byte sectors held in memory. */
    private static final class MemoryDisk implements BlockDevice {
        final byte[] bytes;
        final boolean readOnly;
        int flushes;

        MemoryDisk(int sectors, boolean readOnly) {
            this.bytes = new byte[sectors * 512];
            this.readOnly = readOnly;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public boolean readOnly() {
            return readOnly;
        }

        @Override
        public void read(long offset, ByteBuffer dst) {
            dst.put(bytes, (int) offset, dst.remaining());
        }

        @Override
        public void write(long offset, ByteBuffer src) {
            src.get(bytes, (int) offset, src.remaining());
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void discard(long offset, long length) {
        }

        @Override
        public void writeZeroes(long offset, long length) {
        }

        @Override
        public void close() {
        }
    }

    /** What came back: the virtio response, SCSI status, sense key/ASC/ASCQ, residual and data-in. */
    private record Reply(int response, int status, int key, int asc, int ascq, int resid, byte[] data) {
    }

    private void start(List<MemoryDisk> disks, int drives) {
        driver = new TestDriver(memory -> scsi = new VirtioScsi(memory, "t", disks, drives));
        driver.start(3);
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static byte[] lun(int target, int lun) {
        return new byte[] {1, (byte) target, (byte) (0x40 | lun >> 8), (byte) lun, 0, 0, 0, 0};
    }

    private Reply command(byte[] lun, byte[] cdb, byte[] dataOut, int dataIn) throws Exception {
        byte[] req = new byte[REQ_LENGTH];
        System.arraycopy(lun, 0, req, 0, 8);
        System.arraycopy(cdb, 0, req, 19, cdb.length);
        driver.memory.write(REQ, req, 0, req.length);
        driver.memory.write(RESP, new byte[RESP_LENGTH], 0, RESP_LENGTH);
        List<TestDriver.Buffer> chain = new java.util.ArrayList<>();
        chain.add(new TestDriver.Buffer(REQ, REQ_LENGTH, false));
        if (dataOut.length > 0) {
            driver.memory.write(OUT, dataOut, 0, dataOut.length);
            chain.add(new TestDriver.Buffer(OUT, dataOut.length, false));
        }
        chain.add(new TestDriver.Buffer(RESP, RESP_LENGTH, true));
        if (dataIn > 0) {
            driver.memory.write(IN, new byte[dataIn], 0, dataIn);
            chain.add(new TestDriver.Buffer(IN, dataIn, true));
        }
        driver.post(REQUEST, chain.toArray(TestDriver.Buffer[]::new));
        driver.awaitUsed(REQUEST, ++used[REQUEST]);
        return reply(dataIn);
    }

    private Reply reply(int dataIn) {
        byte[] resp = new byte[RESP_LENGTH];
        driver.memory.read(RESP, resp, 0, RESP_LENGTH);
        ByteBuffer r = ByteBuffer.wrap(resp).order(ByteOrder.LITTLE_ENDIAN);
        byte[] data = new byte[dataIn];
        driver.memory.read(IN, data, 0, dataIn);
        return new Reply(resp[11], resp[10], resp[14] & 0x0F, resp[24] & 0xFF, resp[25] & 0xFF, r.getInt(4), data);
    }

    private Reply command(int target, byte[] cdb, int dataIn) throws Exception {
        return command(lun(target, 0), cdb, new byte[0], dataIn);
    }

    private static byte[] cdb(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return b;
    }

    private static byte[] read10(long lba, int blocks) {
        return ByteBuffer.allocate(10).put((byte) 0x28).put((byte) 0).putInt((int) lba).put((byte) 0)
                .putShort((short) blocks).put((byte) 0).array();
    }

    private static byte[] write10(long lba, int blocks) {
        byte[] b = read10(lba, blocks);
        b[0] = 0x2A;
        return b;
    }

    private static byte[] rw16(int opcode, long lba, long blocks) {
        return ByteBuffer.allocate(16).put((byte) opcode).put((byte) 0).putLong(lba).putInt((int) blocks)
                .put((byte) 0).put((byte) 0).array();
    }

    private static int u32(byte[] b, int offset) {
        return ByteBuffer.wrap(b).getInt(offset);
    }

    private static void assertCheck(Reply r, int key, int asc) {
        assertThat(r.response()).as("virtio response").isEqualTo(OK);
        assertThat(r.status()).as("status").isEqualTo(CHECK_CONDITION);
        assertThat(List.of(r.key(), r.asc())).as("sense key, ASC").containsExactly(key, asc);
    }

    // ---- configuration and addressing ----

    @Test
    void configurationSpaceDescribesOneRequestQueueAndItsTargets() {
        start(List.of(new MemoryDisk(8, false), new MemoryDisk(8, false)), 1);
        assertThat(driver.reg(0x008)).as("device id").isEqualTo(8);
        assertThat(driver.transport.read(0x100, 4)).as("num_queues").isEqualTo(1L);
        assertThat(driver.transport.read(0x100 + 20, 4)).as("sense_size").isEqualTo(96L);
        assertThat(driver.transport.read(0x100 + 24, 4)).as("cdb_size").isEqualTo(32L);
        assertThat(driver.transport.read(0x100 + 30, 2)).as("max_target").isEqualTo(2L);
        assertThat(driver.transport.read(0x100 + 32, 4)).as("max_lun").isEqualTo(0L);
    }

    @Test
    void unknownTargetsAndMalformedLunsAreBadTargets() throws Exception {
        start(List.of(new MemoryDisk(8, false)), 0);
        assertThat(command(1, cdb(0x00, 0, 0, 0, 0, 0), 0).response()).isEqualTo(BAD_TARGET);
        assertThat(command(new byte[8], cdb(0x00, 0, 0, 0, 0, 0), new byte[0], 0).response()).isEqualTo(BAD_TARGET);
        byte[] stray = lun(0, 0);
        stray[5] = 1;
        assertThat(command(stray, cdb(0x00, 0, 0, 0, 0, 0), new byte[0], 0).response()).isEqualTo(BAD_TARGET);
    }

    @Test
    void anotherLunOnAPresentTargetHasNoUnit() throws Exception {
        start(List.of(new MemoryDisk(8, false)), 0);
        Reply inquiry = command(lun(0, 3), cdb(0x12, 0, 0, 0, 36, 0), new byte[0], 36);
        assertThat(inquiry.status()).isEqualTo(GOOD);
        assertThat(inquiry.data()[0]).as("qualifier 3, no device type").isEqualTo((byte) 0x7F);
        assertCheck(command(lun(0, 3), cdb(0x00, 0, 0, 0, 0, 0), new byte[0], 0), 5, 0x25);
    }

    @Test
    void malformedChainsGetAFailureResponseAndTheDeviceGoesOn() throws Exception {
        start(List.of(new MemoryDisk(8, false)), 0);
        // a request header cut short
        driver.post(REQUEST, new TestDriver.Buffer(REQ, 10, false), new TestDriver.Buffer(RESP, RESP_LENGTH, true));
        driver.awaitUsed(REQUEST, ++used[REQUEST]);
        assertThat(reply(0).response()).isEqualTo(FAILURE);
        // data both ways
        assertThat(command(lun(0, 0), read10(0, 1), new byte[512], 512).response()).isEqualTo(FAILURE);
        // no room for the response: returned with nothing written
        driver.post(REQUEST, new TestDriver.Buffer(REQ, REQ_LENGTH, false), new TestDriver.Buffer(RESP, 8, true));
        driver.awaitUsed(REQUEST, ++used[REQUEST]);
        assertThat(driver.usedLength(REQUEST, used[REQUEST] - 1)).isZero();
        assertThat(command(0, cdb(0x00, 0, 0, 0, 0, 0), 0).status()).as("still serving").isEqualTo(GOOD);
        assertThat(driver.reg(0x070) & TestDriver.NEEDS_RESET).isZero();
    }

    @Test
    void taskManagementCompletesAndRejectsWhatItCannotDo() throws Exception {
        start(List.of(new MemoryDisk(8, false)), 0);
        assertThat(tmf(5, lun(0, 0))).as("logical unit reset").isEqualTo(0);
        assertThat(tmf(0, lun(0, 0))).as("abort task").isEqualTo(0);
        assertThat(tmf(2, lun(0, 0))).as("clear ACA").isEqualTo(11);
        assertThat(tmf(5, lun(7, 0))).as("no such unit").isEqualTo(12);
    }

    private int tmf(int subtype, byte[] lun) throws Exception {
        ByteBuffer req = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(subtype).put(lun);
        driver.memory.write(REQ, req.array(), 0, 24);
        driver.memory.writeByte(RESP, (byte) 0x7F);
        driver.post(CONTROL, new TestDriver.Buffer(REQ, 24, false), new TestDriver.Buffer(RESP, 1, true));
        driver.awaitUsed(CONTROL, ++used[CONTROL]);
        return driver.memory.readByte(RESP);
    }

    // ---- disks ----

    @Test
    void inquiryDescribesADiskAndItsVitalProductData() throws Exception {
        start(List.of(new MemoryDisk(8, false)), 0);
        Reply standard = command(0, cdb(0x12, 0, 0, 0, 96, 0), 96);
        assertThat(standard.data()[0]).as("direct-access").isZero();
        assertThat(new String(standard.data(), 8, 24, StandardCharsets.US_ASCII)).isEqualTo("VIREO   VIRTUAL DISK    ");
        assertThat(standard.resid()).as("96 asked, 36 sent").isEqualTo(60);
        Reply pages = command(0, cdb(0x12, 1, 0x00, 0, 64, 0), 64);
        assertThat(Arrays.copyOfRange(pages.data(), 4, 4 + pages.data()[3]))
                .containsExactly(0x00, 0x80, 0x83, 0xB0, 0xB1, 0xB2);
        for (int page : new int[] {0x80, 0x83, 0xB0, 0xB1, 0xB2}) {
            Reply vpd = command(0, cdb(0x12, 1, page, 0, 255, 0), 255);
            assertThat(vpd.status()).as("page %x", page).isEqualTo(GOOD);
            assertThat(vpd.data()[1] & 0xFF).isEqualTo(page);
        }
        assertCheck(command(0, cdb(0x12, 1, 0x99, 0, 255, 0), 255), 5, 0x24);
        assertCheck(command(0, cdb(0x12, 0, 0x80, 0, 255, 0), 255), 5, 0x24);
    }

    @Test
    void writesReadBackThroughEveryCommandSize() throws Exception {
        MemoryDisk disk = new MemoryDisk(2048, false);
        start(List.of(disk), 0);
        byte[] data = new byte[1024];
        Arrays.fill(data, (byte) 0x5A);
        assertThat(command(lun(0, 0), write10(10, 2), data, 0).status()).isEqualTo(GOOD);
        assertThat(Arrays.copyOfRange(disk.bytes, 5120, 6144)).containsOnly(0x5A);
        Arrays.fill(data, (byte) 0x33);
        assertThat(command(lun(0, 0), rw16(0x8A, 2000, 2), data, 0).status()).isEqualTo(GOOD);
        assertThat(command(lun(0, 0), cdb(0x0A, 0, 0, 20, 2, 0), data, 0).status()).as("WRITE 6").isEqualTo(GOOD);
        assertThat(command(0, read10(10, 2), 1024).data()).containsOnly(0x5A);
        assertThat(command(0, rw16(0x88, 2000, 2), 1024).data()).containsOnly(0x33);
        assertThat(command(0, cdb(0x08, 0, 0, 20, 2, 0), 1024).data()).as("READ 6").containsOnly(0x33);
        Reply shortRead = command(0, read10(10, 1), 1024);
        assertThat(shortRead.resid()).as("a buffer larger than the transfer").isEqualTo(512);
        assertThat(command(0, cdb(0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0).status()).isEqualTo(GOOD);
        assertThat(disk.flushes).isEqualTo(1);
    }

    @Test
    void capacityIsReportedInBothSizes() throws Exception {
        start(List.of(new MemoryDisk(2048, false)), 0);
        Reply ten = command(0, cdb(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0), 8);
        assertThat(u32(ten.data(), 0)).as("last LBA").isEqualTo(2047);
        assertThat(u32(ten.data(), 4)).as("block size").isEqualTo(512);
        Reply sixteen = command(0, cdb(0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0), 32);
        assertThat(ByteBuffer.wrap(sixteen.data()).getLong(0)).isEqualTo(2047);
        assertThat(command(0, cdb(0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0), 16).data()[3]).as("one LUN").isEqualTo((byte) 8);
    }

    @Test
    void hostileTransfersAreRefusedWithoutTouchingTheDisk() throws Exception {
        MemoryDisk disk = new MemoryDisk(2048, false);
        start(List.of(disk), 0);
        assertCheck(command(0, read10(2047, 2), 1024), 5, 0x21);
        assertCheck(command(0, rw16(0x88, -1L, 1), 512), 5, 0x21);
        assertCheck(command(0, rw16(0x88, Long.MAX_VALUE, 0xFFFF_FFFFL), 512), 5, 0x21);
        assertThat(command(0, read10(0, 100), 512).response()).as("more than the buffer").isEqualTo(OVERRUN);
        assertThat(command(0, rw16(0x88, 0, 2048), 512).response()).isEqualTo(OVERRUN);
        assertThat(command(lun(0, 0), write10(0, 4), new byte[512], 0).response()).as("less data than said")
                .isEqualTo(OVERRUN);
        assertThat(disk.bytes).containsOnly(0);
        assertCheck(command(0, cdb(0xC7, 0, 0, 0, 0, 0), 0), 5, 0x20);
        assertCheck(command(0, cdb(0x9E, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0), 32), 5, 0x24);
    }

    @Test
    void aReadOnlyDiskRefusesWritesAndSaysSoInItsModePages() throws Exception {
        MemoryDisk disk = new MemoryDisk(64, true);
        start(List.of(disk), 0);
        assertCheck(command(lun(0, 0), write10(0, 1), new byte[512], 0), 7, 0x27);
        Reply all = command(0, cdb(0x1A, 0, 0x3F, 0, 255, 0), 255);
        assertThat(all.data()[2] & 0x80).as("WP").isNotZero();
        assertThat(all.data()[4]).as("caching page first").isEqualTo((byte) 0x08);
        assertThat(all.data()[6] & 0x04).as("WCE").isNotZero();
        assertThat(all.data()[24]).as("control page next").isEqualTo((byte) 0x0A);
        Reply caching = command(0, cdb(0x5A, 0, 0x08, 0, 0, 0, 0, 0, 255, 0), 255);
        assertThat(caching.data()[3] & 0x80).as("WP in MODE SENSE (10)").isNotZero();
        assertThat(caching.data()[8]).isEqualTo((byte) 0x08);
        assertCheck(command(0, cdb(0x1A, 0, 0xC8, 0, 255, 0), 255), 5, 0x39);
        assertCheck(command(0, cdb(0x1A, 0, 0x2A, 0, 255, 0), 255), 5, 0x24);
    }

    // ---- CD-ROM ----

    private Path iso(String name, int blocks, int fill) throws Exception {
        byte[] b = new byte[blocks * 2048];
        Arrays.fill(b, (byte) fill);
        return Files.write(dir.resolve(name), b);
    }

    private CdromDrive cdrom() {
        return scsi.cdromDrives().getFirst();
    }

    @Test
    void anEmptyDriveIsNotReadyAndADiscInItReadsBack() throws Exception {
        start(List.of(), 1);
        Reply inquiry = command(0, cdb(0x12, 0, 0, 0, 36, 0), 36);
        assertThat(inquiry.data()[0]).as("CD/DVD").isEqualTo((byte) 5);
        assertThat(inquiry.data()[1] & 0x80).as("removable").isNotZero();
        assertCheck(command(0, cdb(0x00, 0, 0, 0, 0, 0), 0), 2, 0x3A);
        cdrom().insert(iso("a.iso", 16, 0x41));
        assertCheck(command(0, cdb(0x00, 0, 0, 0, 0, 0), 0), 6, 0x28);
        assertThat(command(0, cdb(0x00, 0, 0, 0, 0, 0), 0).status()).as("attention told once").isEqualTo(GOOD);
        Reply capacity = command(0, cdb(0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0), 8);
        assertThat(List.of(u32(capacity.data(), 0), u32(capacity.data(), 4))).containsExactly(15, 2048);
        assertThat(command(0, read10(15, 1), 2048).data()).containsOnly(0x41);
        assertCheck(command(0, read10(16, 1), 2048), 5, 0x21);
        assertCheck(command(lun(0, 0), write10(0, 1), new byte[2048], 0), 5, 0x20);
    }

    @Test
    void tableOfContentsHasOneDataTrackAndTheLeadOut() throws Exception {
        start(List.of(), 1);
        cdrom().insert(iso("a.iso", 300, 0));
        command(0, cdb(0x00, 0, 0, 0, 0, 0), 0);
        Reply lba = command(0, cdb(0x43, 0, 0, 0, 0, 0, 0, 0, 100, 0), 100);
        assertThat(lba.data()[1]).as("length").isEqualTo((byte) 18);
        assertThat(lba.data()[5]).as("data track").isEqualTo((byte) 0x14);
        assertThat(lba.data()[14] & 0xFF).isEqualTo(0xAA);
        assertThat(u32(lba.data(), 16)).as("lead-out at the capacity").isEqualTo(300);
        Reply msf = command(0, cdb(0x43, 2, 0, 0, 0, 0, 0, 0, 100, 0), 100);
        assertThat(Arrays.copyOfRange(msf.data(), 9, 12)).as("track 1 at 00:02:00").containsExactly(0, 2, 0);
        assertThat(Arrays.copyOfRange(msf.data(), 17, 20)).as("450 frames: 00:06:00").containsExactly(0, 6, 0);
        Reply session = command(0, cdb(0x43, 0, 1, 0, 0, 0, 0, 0, 12, 0), 12);
        assertThat(session.data()[1]).isEqualTo((byte) 10);
        assertCheck(command(0, cdb(0x43, 0, 0, 0, 0, 0, 2, 0, 100, 0), 100), 5, 0x24);
    }

    @Test
    void aLockedDriveRefusesEjectUntilUnlockedOrForced() throws Exception {
        start(List.of(), 1);
        cdrom().insert(iso("a.iso", 16, 0));
        command(0, cdb(0x00, 0, 0, 0, 0, 0), 0);
        assertThat(command(0, cdb(0x1E, 0, 0, 0, 1, 0), 0).status()).isEqualTo(GOOD);
        assertThat(cdrom().locked()).isTrue();
        assertThatThrownBy(() -> cdrom().eject(false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cdrom().insert(iso("b.iso", 16, 0))).isInstanceOf(IllegalStateException.class);
        assertCheck(command(0, cdb(0x1B, 0, 0, 0, 2, 0), 0), 5, 0x53);
        assertThat(cdrom().medium()).isPresent();
        cdrom().eject(true);
        assertThat(cdrom().medium()).isEmpty();
        assertCheck(command(0, cdb(0x00, 0, 0, 0, 0, 0), 0), 6, 0x28);
        assertCheck(command(0, cdb(0x00, 0, 0, 0, 0, 0), 0), 2, 0x3A);
    }

    @Test
    void theGuestEjectsAnUnlockedDriveAndPollsMediaEvents() throws Exception {
        start(List.of(), 1);
        byte[] poll = cdb(0x4A, 1, 0, 0, 0x10, 0, 0, 0, 8, 0);
        cdrom().insert(iso("a.iso", 16, 0));
        Reply inserted = command(0, poll, 8);
        assertThat(List.of((int) inserted.data()[4], (int) inserted.data()[5])).as("new media, present").containsExactly(2, 2);
        assertThat(command(0, poll, 8).data()[4]).as("told once").isZero();
        command(0, cdb(0x00, 0, 0, 0, 0, 0), 0);
        assertThat(command(0, cdb(0x1B, 0, 0, 0, 2, 0), 0).status()).isEqualTo(GOOD);
        assertThat(cdrom().medium()).isEmpty();
        Reply removed = command(0, poll, 8);
        assertThat(List.of((int) removed.data()[4], (int) removed.data()[5])).containsExactly(3, 0);
        assertCheck(command(0, cdb(0x4A, 0, 0, 0, 0x10, 0, 0, 0, 8, 0), 8), 5, 0x24);
    }

    @Test
    void capabilitiesConfigurationAndMechanismStatusDescribeAReadOnlyTrayDrive() throws Exception {
        start(List.of(), 1);
        Reply page = command(0, cdb(0x5A, 0, 0x2A, 0, 0, 0, 0, 0, 128, 0), 128);
        assertThat(page.data()[8]).isEqualTo((byte) 0x2A);
        assertThat(page.data()[8 + 6] & 0x09).as("eject and lock").isEqualTo(0x09);
        assertThat(page.data()[8 + 3]).as("writes nothing").isZero();
        assertThat(command(0, cdb(0xBD, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0), 8).status()).isEqualTo(GOOD);
        Reply empty = command(0, cdb(0x46, 0, 0, 0, 0, 0, 0, 0, 64, 0), 64);
        assertThat(empty.data()[7]).as("no current profile").isZero();
        cdrom().insert(iso("a.iso", 16, 0));
        Reply cd = command(0, cdb(0x46, 0, 0, 0, 0, 0, 0, 0, 64, 0), 64);
        assertThat(cd.data()[7]).as("CD-ROM current").isEqualTo((byte) 0x08);
        assertThat(cd.data()[18] & 1).as("CD-ROM profile flagged current").isEqualTo(1);
    }

    @Test
    void anImageThatIsNotWholeBlocksIsRefusedAndTheDiscStays() throws Exception {
        start(List.of(), 1);
        Path good = iso("a.iso", 16, 0);
        cdrom().insert(good);
        Path odd = Files.write(dir.resolve("odd.iso"), new byte[1000]);
        assertThatThrownBy(() -> cdrom().insert(odd)).hasMessageContaining("2048-byte blocks");
        assertThat(cdrom().medium()).contains(good);
    }

    @Test
    void savedStateKeepsTheDriversSizesAndEachDrivesLockAndPendingAttention() throws Exception {
        start(List.of(), 1);
        driver.transport.write(0x100 + 20, 4, 64);
        cdrom().insert(iso("a.iso", 16, 0x41));
        command(0, cdb(0x00, 0, 0, 0, 0, 0), 0);
        command(0, cdb(0x1E, 0, 0, 0, 1, 0), 0);
        cdrom().eject(true);
        long[] fields = scsi.quiesce();

        VirtioScsi resumed = new VirtioScsi(driver.memory, "t", List.of(), 1);
        resumed.restoreState(fields, new VirtQueue[0]);
        assertThat(resumed.readConfig(20, 4)).as("sense_size the driver chose").isEqualTo(64L);
        assertThat(resumed.cdromDrives().getFirst().locked()).isTrue();
        assertThatThrownBy(() -> resumed.restoreState(new long[] {96, 32}, new VirtQueue[0]))
                .hasMessageContaining("fields");
        assertThatThrownBy(() -> resumed.restoreState(new long[] {96, 32, 1L << 40}, new VirtQueue[0]))
                .hasMessageContaining("do not exist");
        assertThatThrownBy(() -> resumed.restoreState(new long[] {96, 1000, 0}, new VirtQueue[0]))
                .hasMessageContaining("out of range");
    }
}
