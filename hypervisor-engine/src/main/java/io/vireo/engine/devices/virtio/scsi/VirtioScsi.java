package io.vireo.engine.devices.virtio.scsi;

import io.vireo.engine.devices.virtio.DescriptorChain;
import io.vireo.engine.devices.virtio.QueueWorker;
import io.vireo.engine.devices.virtio.VirtQueue;
import io.vireo.engine.devices.virtio.VirtioDevice;
import io.vireo.engine.mmu.GuestMemory;
import io.vireo.engine.storage.BlockDevice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A virtio SCSI host (device 8) with one channel and one logical unit per target: the disks first
 * (targets 0…), then the CD-ROM drives. Queue 0 takes task management, queue 1 would carry events (no
 * event feature is offered, so the driver posts none), queue 2 carries commands, served in order by the
 * device's own I/O thread so a slow disk never holds up a hart. Each chain is parsed into a checked
 * {@link ScsiRequest} first; a chain that is not a command gets a virtio failure response, never an exception.
 */
public final class VirtioScsi implements VirtioDevice {
    private static final int CONTROL = 0, REQUEST = 2;
    private static final int SEG_MAX = 126, CMD_PER_LUN = 128, EVENT_INFO_SIZE = 16;
    /** The sizes a driver may ask for in place of virtio's defaults (96 and 32). */
    private static final int MAX_SENSE = 252, MAX_CDB = 255;

    private final GuestMemory memory;
    private final String name;
    private final List<LogicalUnit> units;
    private final List<CdromUnit> drives = new ArrayList<>();
    private volatile int senseSize = 96, cdbSize = 32;
    private volatile VirtQueue[] queues;
    private volatile DeviceHost host;
    private volatile QueueWorker worker;

    /** A controller with {@code disks} at targets 0… and {@code cdromDrives} empty drives after them. */
    public VirtioScsi(GuestMemory memory, String name, List<? extends BlockDevice> disks, int cdromDrives) {
        this.memory = memory;
        this.name = name;
        List<LogicalUnit> all = new ArrayList<>();
        for (BlockDevice disk : disks) {
            all.add(new DiskUnit(disk, name + "-disk" + all.size()));
        }
        for (int i = 0; i < cdromDrives; i++) {
            CdromUnit drive = new CdromUnit(name + "-cd" + i);
            drives.add(drive);
            all.add(drive);
        }
        if (all.isEmpty() || all.size() > 256) {
            throw new IllegalArgumentException("a SCSI controller has 1 to 256 units, not " + all.size());
        }
        this.units = List.copyOf(all);
    }

    /** The CD-ROM drives, in target order. */
    public List<CdromDrive> cdromDrives() {
        return List.copyOf(drives);
    }

    @Override
    public int deviceId() {
        return 8;
    }

    @Override
    public long features() {
        return 0;
    }

    @Override
    public int queueCount() {
        return 3;
    }

    @Override
    public long readConfig(int offset, int width) {
        ByteBuffer c = ByteBuffer.allocate(36).order(ByteOrder.LITTLE_ENDIAN);
        c.putInt(1).putInt(SEG_MAX).putInt(DiskUnit.MAX_TRANSFER_BLOCKS).putInt(CMD_PER_LUN).putInt(EVENT_INFO_SIZE)
                .putInt(senseSize).putInt(cdbSize).putShort((short) 0).putShort((short) (units.size() - 1)).putInt(0);
        return VirtioDevice.readField(c, offset, width);
    }

    /** The driver may set sense_size and cdb_size (offsets 20 and 24); other fields are read-only. */
    @Override
    public void writeConfig(int offset, int width, long value) {
        if (width != 4) {
            return;
        }
        if (offset == 20 && value >= 0 && value <= MAX_SENSE) {
            senseSize = (int) value;
        } else if (offset == 24 && value >= 0 && value <= MAX_CDB) {
            cdbSize = (int) value;
        }
    }

    @Override
    public synchronized void activate(VirtQueue[] queues, DeviceHost host) {
        this.queues = queues;
        this.host = host;
        worker = QueueWorker.start("virtio-scsi-" + name, queues[REQUEST], host, this::handle);
    }

    @Override
    public void queueNotify(int index) {
        if (index == CONTROL) {
            queues[CONTROL].serveAll(host, chain -> TaskManagement.serve(memory, chain, this::present));
        } else if (index == REQUEST) {
            QueueWorker w = worker;
            if (w != null) {
                w.wake();
            }
        }
    }

    private boolean present(int target, int lun) {
        return target < units.size() && lun == 0;
    }

    /** The driver reset the device: besides the queues, sense_size and cdb_size go back to virtio's defaults. */
    @Override
    public synchronized void reset() {
        stopWorker();
        senseSize = 96;
        cdbSize = 32;
    }

    /**
     * Lets the command in flight finish, then answers the sizes the driver chose and each CD-ROM drive's state
     * (its lock, a unit attention and a media event not yet told). The discs themselves are in the VM's spec.
     */
    @Override
    public synchronized long[] quiesce() {
        stopWorker();
        long[] fields = new long[2 + drives.size()];
        fields[0] = senseSize;
        fields[1] = cdbSize;
        for (int i = 0; i < drives.size(); i++) {
            fields[2 + i] = drives.get(i).state();
        }
        return fields;
    }

    @Override
    public synchronized void restoreState(long[] fields, VirtQueue[] queues) {
        if (fields.length != 2 + drives.size()) {
            throw new IllegalArgumentException(fields.length + " fields of SCSI controller state; a controller with "
                    + drives.size() + " CD-ROM drives has " + (2 + drives.size()));
        }
        if (fields[0] < 0 || fields[0] > MAX_SENSE || fields[1] < 0 || fields[1] > MAX_CDB) {
            throw new IllegalArgumentException("sense size " + fields[0] + " or CDB size " + fields[1] + " out of range");
        }
        for (int i = 0; i < drives.size(); i++) {
            drives.get(i).restore(fields[2 + i]);
        }
        senseSize = (int) fields[0];
        cdbSize = (int) fields[1];
    }

    private void stopWorker() {
        QueueWorker w = worker;
        worker = null;
        if (w != null) {
            w.stop();
        }
    }

    /** Takes the discs out of the drives, at power off. */
    public void close() {
        drives.forEach(CdromUnit::close);
    }

    /** Runs one command; returns the bytes written into the chain (response header and data-in). */
    private int handle(DescriptorChain chain) {
        int cdb = cdbSize, sense = senseSize;
        Completion done;
        try {
            ScsiRequest r = ScsiRequest.parse(memory, chain, cdb, sense);
            done = execute(r);
        } catch (ScsiRequest.Refused e) {
            done = Completion.failed(e.response);
        } catch (ScsiRequest.Unanswerable e) {
            return 0;
        }
        return ScsiRequest.respond(memory, chain, cdb, sense, done);
    }

    private Completion execute(ScsiRequest r) {
        if (r.target() >= units.size()) {
            return Completion.failed(Completion.S_BAD_TARGET);
        }
        LogicalUnit unit = units.get(r.target());
        return r.lun() == 0 ? unit.execute(r.cdb(), r.data()) : AbsentUnit.execute(unit.inquiry(), r.cdb(), r.data());
    }
}
