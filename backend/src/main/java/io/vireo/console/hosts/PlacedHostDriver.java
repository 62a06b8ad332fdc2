package io.vireo.console.hosts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.vireo.console.engine.DisplaySession;
import io.vireo.console.engine.HostDriver;
import io.vireo.console.engine.HostLoad;
import io.vireo.console.engine.LaunchSpec;
import io.vireo.console.engine.NicStatus;
import io.vireo.console.engine.RuntimeState;
import io.vireo.console.engine.RuntimeStats;
import io.vireo.console.engine.VmRuntime;
import io.vireo.console.hosts.libvirt.LibvirtDriver;

/**
 * The host driver the console drives: each call goes to the driver of the VM's host, the embedded engine
 * ({@link VmRuntime}) for a VM placed nowhere else. The load of "the host" is the embedded engine's, which the
 * host overview shows.
 */
@Service
public class PlacedHostDriver implements HostDriver {

    private final VmRuntime local;
    private final HostDrivers drivers;
    private final Placements placements;

    PlacedHostDriver(VmRuntime local, HostDrivers drivers, Placements placements) {
        this.local = local;
        this.drivers = drivers;
        this.placements = placements;
    }

    private HostDriver of(Long vmId) {
        return placements.hostOf(vmId).<HostDriver>map(drivers::driver).orElse(local);
    }

    @Override
    public RuntimeState state(Long vmId) {
        return of(vmId).state(vmId);
    }

    @Override
    public void powerOn(LaunchSpec launch) throws IOException {
        of(launch.vmId()).powerOn(launch);
    }

    @Override
    public void powerOff(Long vmId) {
        of(vmId).powerOff(vmId);
    }

    @Override
    public void reset(Long vmId) throws IOException {
        of(vmId).reset(vmId);
    }

    @Override
    public void pause(Long vmId) {
        of(vmId).pause(vmId);
    }

    @Override
    public void resume(Long vmId) {
        of(vmId).resume(vmId);
    }

    @Override
    public void suspend(Long vmId, Path dir) throws IOException {
        of(vmId).suspend(vmId, dir);
    }

    @Override
    public void resumeFrom(LaunchSpec launch, Path dir) throws IOException {
        of(launch.vmId()).resumeFrom(launch, dir);
    }

    /**
     * A saved state is known by its files, whichever host wrote them: the embedded engine's, or a libvirt host's
     * save image. A VM moves between hosts only when stopped, so the files in its folder are its own host's.
     */
    @Override
    public boolean holdsSavedState(Path dir) {
        return local.holdsSavedState(dir) || LibvirtDriver.holdsSavedStateFiles(dir);
    }

    @Override
    public void checkpoint(Long vmId, Path dir, Map<Integer, Path> newTops, DiskAction whileStopped)
            throws IOException {
        of(vmId).checkpoint(vmId, dir, newTops, whileStopped);
    }

    @Override
    public boolean pressPowerButton(Long vmId) {
        return of(vmId).pressPowerButton(vmId);
    }

    @Override
    public Optional<RuntimeStats> stats(Long vmId) {
        return of(vmId).stats(vmId);
    }

    @Override
    public void allocateCpu(Long vmId, int shares, int capPercent) {
        of(vmId).allocateCpu(vmId, shares, capPercent);
    }

    @Override
    public void resizeMemory(Long vmId, long memoryMib) {
        of(vmId).resizeMemory(vmId, memoryMib);
    }

    @Override
    public HostLoad hostLoad() {
        return local.hostLoad();
    }

    @Override
    public Optional<DisplaySession> openDisplay(Long vmId, String viewer, InputStream in, OutputStream out,
            boolean viewOnly) {
        return of(vmId).openDisplay(vmId, viewer, in, out, viewOnly);
    }

    @Override
    public Optional<String> serialTail(Long vmId) {
        return of(vmId).serialTail(vmId);
    }

    @Override
    public void typeSerial(Long vmId, byte[] bytes) {
        of(vmId).typeSerial(vmId, bytes);
    }

    @Override
    public Optional<byte[]> screenshot(Long vmId) {
        return of(vmId).screenshot(vmId);
    }

    @Override
    public void reopenDisk(Long vmId, int position, Path newTop, DiskAction whileDetached) throws IOException {
        of(vmId).reopenDisk(vmId, position, newTop, whileDetached);
    }

    @Override
    public List<NicStatus> nics(Long vmId) {
        return of(vmId).nics(vmId);
    }

    @Override
    public void setLink(Long vmId, int position, boolean up) {
        of(vmId).setLink(vmId, position, up);
    }

    @Override
    public void addForward(Long vmId, int position, LaunchSpec.Forward forward) {
        of(vmId).addForward(vmId, position, forward);
    }

    @Override
    public void removeForward(Long vmId, int position, LaunchSpec.Forward forward) {
        of(vmId).removeForward(vmId, position, forward);
    }

    @Override
    public void changeDisc(Long vmId, String vmName, Optional<Path> iso, boolean force) {
        of(vmId).changeDisc(vmId, vmName, iso, force);
    }
}
