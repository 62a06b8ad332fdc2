package io.vireo.console.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The second libvirt host of the two-host tests: a libvirtd in a network namespace of its own
 * ({@code testing/libvirt-netns}), which {@code ./vireo-test} starts, its folder in {@code VIREO_TEST_LIBVIRT2_DIR}
 * and the URI the console adds ({@code qemu+ssh://root@ADDRESS/system}) in {@code VIREO_TEST_LIBVIRT2_URI}. Like
 * {@link LibvirtDaemon}: skipped without it on a developer's machine, run (and failing) under CI.
 */
public final class NamespaceHost implements ExecutionCondition {
    private static final String DIR = "VIREO_TEST_LIBVIRT2_DIR";
    private static final String URI = "VIREO_TEST_LIBVIRT2_URI";

    static String uri() {
        return required(URI);
    }

    /** The file of keys its sshd lets in as root: the test adds the console's own. */
    static Path authorizedKeys() {
        return Path.of(required(DIR)).resolve("authorized_keys");
    }

    /** Kills the host's libvirtd, as a crash would; its QEMU processes run on. */
    static void stopDaemon() throws IOException, InterruptedException {
        script("stop-daemon");
    }

    /** Starts the host's libvirtd again, which finds its running domains. */
    static void startDaemon() throws IOException, InterruptedException {
        script("start-daemon");
    }

    /** What an administrator of the host would type there, with the script's own client key. */
    static String virsh(String... args) throws IOException, InterruptedException {
        Path dir = Path.of(required(DIR));
        List<String> command = new ArrayList<>(List.of("virsh", "-c", uri() + "?keyfile="
                + dir.resolve("client_ed25519") + "&no_verify=1"));
        command.addAll(List.of(args));
        return run(command);
    }

    private static void script(String command) throws IOException, InterruptedException {
        Path script = Path.of("").toAbsolutePath();
        while (script != null && !Files.isExecutable(script.resolve("testing/libvirt-netns"))) {
            script = script.getParent();
        }
        assertThat(script).as("testing/libvirt-netns above " + Path.of("").toAbsolutePath()).isNotNull();
        run(List.of(script.resolve("testing/libvirt-netns").toString(), command, required(DIR)));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", command, output).isZero();
        return output;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (setting(DIR) != null && setting(URI) != null) {
            return ConditionEvaluationResult.enabled("second libvirt host at " + setting(URI));
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            return ConditionEvaluationResult.enabled("CI is set, so the test runs and fails without " + DIR);
        }
        return ConditionEvaluationResult.disabled("Skipped: run ./vireo-test, or (as root) testing/libvirt-netns start"
                + " DIR and set " + DIR + "=DIR and " + URI + " to the VIREO_NETNS_LIBVIRT_URI it prints");
    }

    private static String required(String name) {
        String value = setting(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set: ./vireo-test starts testing/libvirt-netns and sets it");
        }
        return value;
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }
}
