package io.vireo.bench;

import io.vireo.engine.state.SavedStateException;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A Vireo VM's serial console. */
final class VmConsole implements GuestConsole {
    private final VirtualMachine vm;
    private final Matcher matcher = new Matcher();
    private long resumedAt;

    /** Boots a VM of this spec. */
    VmConsole(VmSpec spec) throws IOException {
        this(new VirtualMachine(spec));
        vm.start();
    }

    private VmConsole(VirtualMachine vm) {
        this.vm = vm;
        vm.addSerialListener(matcher::add);
    }

    /** Resumes the VM suspended to {@code dir}, whose spec is {@code spec}. */
    static VmConsole resuming(VmSpec spec, Path dir) throws IOException, SavedStateException {
        VmConsole console = new VmConsole(new VirtualMachine(spec));
        console.resumedAt = System.nanoTime();
        console.vm.resumeFrom(dir);
        return console;
    }

    /** When {@link #resuming} called the resume ({@link System#nanoTime}). */
    long resumedAt() {
        return resumedAt;
    }

    VirtualMachine vm() {
        return vm;
    }

    @Override
    public void type(String line) {
        vm.typeSerial((line + "\r").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Matcher output() {
        return matcher;
    }

    @Override
    public void close() {
        vm.close();
    }
}
