package io.vireo.console.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the VM feature asks of the host its VMs run on: power, state and figures. {@link VmRuntime} drives the
 * embedded engine; tests put a fake behind this port to check power handling without booting a guest.
 * Every state change, whoever caused it (a call here, the guest, a failure), is published as a
 * {@link RuntimeStateChanged} application event, never on the caller's thread.
 */
public interface HostDriver {

    /** {@link RuntimeState#OFF} for a VM the host does not hold. */
    RuntimeState state(Long vmId);

    /** Powers a VM on; the host has read its boot files and opened its disks before this returns. */
    void powerOn(LaunchSpec launch) throws IOException;

    /** Hard power off: the guest is not asked. */
    void powerOff(Long vmId);

    void reset(Long vmId) throws IOException;

    void pause(Long vmId);

    void resume(Long vmId);

    /**
     * Suspends a running or paused VM: its state and memory are written to {@code dir} and the host lets go of it
     * ({@link RuntimeState#SUSPENDED} is told once); from then on the folder holds the VM. A VM the engine cannot
     * suspend (it stopped meanwhile) is refused with a {@code ConflictException}.
     */
    void suspend(Long vmId, Path dir) throws IOException;

    /**
     * Powers a VM on from the state {@link #suspend} left in {@code dir}: the guest goes on where it stopped. The
     * files are only read (the memory file is mapped copy-on-write, so it may be deleted once this returns). A
     * damaged state, or one of other hardware, is refused with a {@code ConflictException} and the files stay.
     */
    void resumeFrom(LaunchSpec launch, Path dir) throws IOException;

    /** Whether {@code dir} holds a whole saved state (its files are there and read back), not whether it fits a VM. */
    boolean holdsSavedState(Path dir);

    /**
     * Saves a running VM's state and memory to {@code dir} at one instant and lets it go on: while it is stopped,
     * {@code whileStopped} runs on its flushed, closed disks (it freezes them and creates new tops), then the VM goes
     * on from the saved state with disk {@code position} opened from {@code newTops.get(position)}. {@link
     * #resumeFrom} that folder later brings the VM back to that instant (over disks as they were then).
     */
    void checkpoint(Long vmId, Path dir, Map<Integer, Path> newTops, DiskAction whileStopped) throws IOException;

    /**
     * Presses the machine's power button: a guest that listens for it shuts down and powers off by itself.
     * Returns false when the VM has no button to press.
     */
    boolean pressPowerButton(Long vmId);

    /** Empty when the VM is not powered on. */
    Optional<RuntimeStats> stats(Long vmId);

    /** Gives a running VM these CPU shares and cap at once (see {@link LaunchSpec}). */
    void allocateCpu(Long vmId, int shares, int capPercent);

    /**
     * Leaves a running VM {@code memoryMib} of its memory (at most what it booted with) through its balloon, at
     * once; the guest sees its total memory change as its driver catches up.
     */
    void resizeMemory(Long vmId, long memoryMib);

    /** The host's cores, RAM and promises, and each powered-on VM's live CPU and memory. */
    HostLoad hostLoad();

    /**
     * What the VM printed lately on its serial port, while the host follows it; empty otherwise (the VM is off, or its
     * host is out of reach), and the console shows the end of the VM's {@code serial.log} instead.
     */
    Optional<String> serialTail(Long vmId);

    /** Types {@code bytes} on a powered-on VM's serial port; refused with a {@code ConflictException} otherwise. */
    void typeSerial(Long vmId, byte[] bytes);

    /** A PNG of the VM's screen; empty when it is off or has no display. */
    Optional<byte[]> screenshot(Long vmId);

    /**
     * An RFB session on the VM's screen over streams the caller already authenticated, labelled with who watches;
     * {@code run} it on the caller's thread. Empty when the VM is off, has no display, or its host cannot serve it.
     */
    Optional<DisplaySession> openDisplay(Long vmId, String viewer, InputStream in, OutputStream out, boolean viewOnly);

    /**
     * Changes the chain of disk {@code position} (the order of {@link LaunchSpec#disks()}) under a powered-on VM:
     * the disk is detached (requests in flight finish, flushed, closed), {@code whileDetached} runs (it may create
     * an overlay, rebase or delete files), then the disk is reopened from {@code newTop}, of the same size. The
     * guest sees no I/O error; if reopening fails the old top is reopened and the exception thrown.
     */
    void reopenDisk(Long vmId, int position, Path newTop, DiskAction whileDetached) throws IOException;

    /** The network cards of a powered-on VM, in the order of {@link LaunchSpec#nics()}; empty when it is off. */
    List<NicStatus> nics(Long vmId);

    /** Plugs the cable of NIC {@code position} of a powered-on VM in or pulls it; the guest sees the link change. */
    void setLink(Long vmId, int position, boolean up);

    /**
     * Starts forwarding to NIC {@code position} of a powered-on VM at once; a host port already in use is refused
     * with a {@code ConflictException} in the engine's words ("127.0.0.1:8080 is already in use").
     */
    void addForward(Long vmId, int position, LaunchSpec.Forward forward);

    /** Stops a forward of a powered-on VM; nothing happens when it is not there. */
    void removeForward(Long vmId, int position, LaunchSpec.Forward forward);

    /**
     * Puts the ISO image {@code iso} into the CD-ROM drive of a powered-on VM, or with none takes the disc out. A
     * drive its guest locked refuses ({@link DriveLockedException}) unless {@code force}.
     */
    void changeDisc(Long vmId, String vmName, Optional<Path> iso, boolean force);

    /** File work done while a running VM's disk is detached. */
    @FunctionalInterface
    interface DiskAction {
        void run() throws IOException;
    }
}
