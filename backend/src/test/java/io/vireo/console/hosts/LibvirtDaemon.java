package io.vireo.console.hosts;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where the real libvirt daemon of the host tests is: {@code VIREO_TEST_LIBVIRT_URI} (environment variable or system
 * property), which {@code ./vireo-test} sets once it has started {@code virtlogd} and {@code libvirtd} (Debian
 * packages libvirt-daemon-system, qemu-system-misc). Without it the tests are skipped on a developer's machine, but
 * under CI (the {@code CI} variable is set) they run and fail, so CI never passes without having tested libvirt.
 */
public final class LibvirtDaemon implements ExecutionCondition {

    static final String URI = "VIREO_TEST_LIBVIRT_URI";

    public static String uri() {
        String uri = setting();
        if (uri == null) {
            throw new IllegalStateException(URI + " is not set: the libvirt host tests need a running libvirtd."
                    + " ./vireo-test starts one; by hand: virtlogd -d; libvirtd -d; " + URI + "=qemu:///system");
        }
        return uri;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (setting() != null) {
            return ConditionEvaluationResult.enabled("libvirt at " + setting());
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            return ConditionEvaluationResult.enabled("CI is set, so the test runs and fails without " + URI);
        }
        return ConditionEvaluationResult.disabled("Skipped: set " + URI + " (e.g. qemu:///system, with virtlogd -d;"
                + " libvirtd -d running) to test libvirt hosts, or run ./vireo-test");
    }

    private static String setting() {
        String value = System.getProperty(URI, System.getenv(URI));
        return value == null || value.isBlank() ? null : value;
    }
}
