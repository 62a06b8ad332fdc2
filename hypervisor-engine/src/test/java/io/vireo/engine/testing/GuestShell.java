package io.vireo.engine.testing;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.vm.VirtualMachine;
import io.vireo.engine.vm.VmSpec;
import io.vireo.engine.vm.VmState;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A tiny-appliance VM driven through its serial shell: start it, wait for the prompt, run commands and
 * read values out of what they print. Commands end with a marker whose typed form differs from its
 * printed form (split by an empty string), so the echo of a command line never counts as its output.
 */
public final class GuestShell implements AutoCloseable {
    private static final Duration BOOT = Duration.ofMinutes(6);
    private static final Duration PROMPT = Duration.ofMinutes(2);

    private final VirtualMachine vm;
    private final SerialTranscript serial;
    private int commands;

    private GuestShell(VirtualMachine vm) {
        this.vm = vm;
        this.serial = new SerialTranscript(vm::typeSerial);
        vm.addSerialListener(serial::append);
    }

    /** Powers the VM on; {@link #awaitPrompt} waits for it to be usable, so several can boot at once. */
    public static GuestShell start(VmSpec spec) throws IOException {
        GuestShell shell = new GuestShell(new VirtualMachine(spec));
        shell.vm.start();
        return shell;
    }

    public GuestShell awaitPrompt() throws Exception {
        serial.await(Pattern.compile(Appliance.READY_MARKER), Instant.now().plus(BOOT));
        serial.await(Pattern.compile("# "), Instant.now().plus(PROMPT));
        return this;
    }

    public VirtualMachine vm() {
        return vm;
    }

    /** Runs {@code command} and returns everything it printed, once it finished within {@code timeout}. */
    public String run(String command, Duration timeout) throws Exception {
        String marker = "done-" + ++commands;
        // A command put in the background already ends in its separator: "cmd &; echo" would not parse.
        String separator = command.strip().endsWith("&") ? " " : "; ";
        serial.type(command + separator + "echo " + marker.replace("-", "-\"\""));
        String output = serial.await(Pattern.compile("(?s)\\r?\\n(.*?)" + Pattern.quote(marker) + "\\r?\\n"),
                Instant.now().plus(timeout)).group(1);
        serial.await(Pattern.compile("# "), Instant.now().plus(PROMPT));
        return output;
    }

    public String run(String command) throws Exception {
        return run(command, PROMPT);
    }

    /** Types a line without waiting for it (a command left running, such as a server). */
    public void type(String line) {
        serial.type(line);
    }

    public String tail() {
        return serial.tail();
    }

    @Override
    public void close() throws Exception {
        if (vm.state() == VmState.RUNNING) {
            serial.type("poweroff");
            vm.awaitState(VmState.STOPPED, PROMPT);
        }
        vm.close();
    }
}
