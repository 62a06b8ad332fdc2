package io.vireo.console.persistence;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where the real PostgreSQL of the integration test is: {@code VIREO_TEST_PG_URL} (environment variable
 * or system property), with {@code VIREO_TEST_PG_USER} / {@code VIREO_TEST_PG_PASSWORD} (default
 * vireo/vireo). {@code ./vireo-test} starts a server of its own (Debian package postgresql) and sets them.
 *
 * <p>Without a URL the test is skipped on a developer's machine, but under CI (the {@code CI} variable is
 * set) it runs and fails, so CI can never pass without having tested PostgreSQL.
 */
final class PostgresqlDatabase implements ExecutionCondition {

    static final String URL = "VIREO_TEST_PG_URL";

    static String url() {
        String url = setting(URL, null);
        if (url == null) {
            throw new IllegalStateException(URL + " is not set: the PostgreSQL integration test needs a real server."
                    + " ./vireo-test starts one (Debian package postgresql); locally see docs/console.md");
        }
        return url;
    }

    static String user() {
        return setting("VIREO_TEST_PG_USER", "vireo");
    }

    static String password() {
        return setting("VIREO_TEST_PG_PASSWORD", "vireo");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (setting(URL, null) != null) {
            return ConditionEvaluationResult.enabled("PostgreSQL at " + setting(URL, null));
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            return ConditionEvaluationResult.enabled("CI is set, so the test runs and fails without " + URL);
        }
        return ConditionEvaluationResult.disabled("Skipped: set " + URL
                + " (e.g. jdbc:postgresql://localhost:5432/vireo_test) to test against a real PostgreSQL, or run ./vireo-test");
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? fallback : value;
    }
}
