package io.vireo.console.hosts;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The throw-away sshd on loopback ({@code testing/loopback-sshd}) that {@code ./vireo-test} starts for the
 * {@code qemu+ssh} host test: its folder and port in {@code VIREO_TEST_SSHD_DIR} and {@code VIREO_TEST_SSHD_PORT},
 * the user it lets in in {@code VIREO_TEST_SSHD_USER}. Like {@link LibvirtDaemon}: skipped without it, failing under CI.
 */
public final class LoopbackSshd implements ExecutionCondition {
    private static final String DIR = "VIREO_TEST_SSHD_DIR";

    /** The file of keys the server lets in: the test adds the console's own. */
    public static Path authorizedKeys() {
        return Path.of(required(DIR)).resolve("authorized_keys");
    }

    /** The machine's own daemon, reached over SSH to loopback as the server's user. */
    public static String libvirtUri() {
        return "qemu+ssh://" + required("VIREO_TEST_SSHD_USER") + "@127.0.0.1:" + required("VIREO_TEST_SSHD_PORT")
                + "/system";
    }

    /** The public half of the key the server presents. */
    static Path hostKey() {
        return Path.of(required(DIR)).resolve("host_ed25519.pub");
    }

    /** Where ssh reaches the server. */
    public static SshTarget sshTarget() {
        return HostUri.parse(libvirtUri()).sshTarget().orElseThrow();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (setting(DIR) != null) {
            return ConditionEvaluationResult.enabled("loopback sshd in " + setting(DIR));
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            return ConditionEvaluationResult.enabled("CI is set, so the test runs and fails without " + DIR);
        }
        return ConditionEvaluationResult.disabled("Skipped: run ./vireo-test, or testing/loopback-sshd start and set "
                + DIR + ", VIREO_TEST_SSHD_PORT and VIREO_TEST_SSHD_USER from what it prints");
    }

    private static String required(String name) {
        String value = setting(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set: ./vireo-test starts testing/loopback-sshd and sets it");
        }
        return value;
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }
}
