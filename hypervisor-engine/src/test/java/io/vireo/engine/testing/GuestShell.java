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
 * A VM driven through its serial shell: start it, wait for the prompt (the tiny appliance's root shell, or an
 * installed system's {@code login:} and a user's shell), run commands and read values out of what they print. Commands end with a marker whose typed form differs from its
 * printed form (split by an empty string), so the echo of a command line never counts as its output.
 */
public final class GuestShell implements AutoCloseable {
    private static final Duration BOOT = Duration.ofMinutes(6);
    private static final Duration PROMPT = Duration.ofMinutes(2);
    private static final Pattern ROOT_PROMPT = Pattern.compile("# ");
    private static final Pattern USER_PROMPT = Pattern.compile("\\$ ");
    /**
     * Terminal control sequences a shell may print around a command's output: OSC (systemd's shell integration
     * marks each command with OSC 3008 context records) and CSI (colours).
     */
    private static final Pattern CONTROL_SEQUENCE = Pattern.compile("\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)"
            + "|\u001B\\[[0-9;?]*[A-Za-z]");

    private final VirtualMachine vm;
    private final SerialTranscript serial;
    private Pattern prompt = ROOT_PROMPT;
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
        serial.await(prompt, Instant.now().plus(PROMPT));
        return this;
    }

    /**
     * Waits up to {@code boot} for the serial console's {@code login:}, logs in as {@code user} (a user without a
     * password: an empty one is typed if asked) and waits for the user's shell prompt.
     */
    public GuestShell login(String user, Duration boot) throws Exception {
        serial.await(Pattern.compile("login: "), Instant.now().plus(boot));
        serial.type(user);
        prompt = USER_PROMPT;
        if (serial.await(Pattern.compile("Password: |\\$ "), Instant.now().plus(PROMPT)).group().startsWith("Password")) {
            serial.type("");
            serial.await(prompt, Instant.now().plus(PROMPT));
        }
        return this;
    }

    public VirtualMachine vm() {
        return vm;
    }

    /**
     * Runs {@code command} and returns everything it printed (without terminal control sequences), once it finished
     * within {@code timeout}.
     */
    public String run(String command, Duration timeout) throws Exception {
        String marker = "done-" + ++commands;
        // A command put in the background already ends in its separator: "cmd &; echo" would not parse.
        String separator = command.strip().endsWith("&") ? " " : "; ";
        serial.type(command + separator + "echo " + marker.replace("-", "-\"\""));
        String output = serial.await(Pattern.compile("(?s)\\r?\\n(.*?)" + Pattern.quote(marker) + "\\r?\\n"),
                Instant.now().plus(timeout)).group(1);
        serial.await(prompt, Instant.now().plus(PROMPT));
        return CONTROL_SEQUENCE.matcher(output).replaceAll("");
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
            serial.type(prompt == ROOT_PROMPT ? "poweroff" : "sudo poweroff");
            vm.awaitState(VmState.STOPPED, PROMPT);
        }
        vm.close();
    }
}
