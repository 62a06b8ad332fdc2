package io.vireo.bench;

import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A Vireo VM's serial console. */
final class VmConsole implements GuestConsole {
    private final VirtualMachine vm;
    private final Matcher matcher = new Matcher();

    VmConsole(VmSpec spec) throws IOException {
        vm = new VirtualMachine(spec);
        vm.addSerialListener(matcher::add);
        vm.start();
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
