package io.vireo.bench;

import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

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
    public void await(String marker, Duration timeout) throws IOException, InterruptedException {
        matcher.await(marker, timeout);
    }

    @Override
    public String awaitValue(Pattern pattern, Duration timeout) throws IOException, InterruptedException {
        return matcher.awaitValue(pattern, timeout);
    }

    @Override
    public void close() {
        vm.close();
    }
}
