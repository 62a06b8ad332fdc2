package io.vireo.console.security;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vireo.console.Fixtures;

/**
 * Team B's objects, which the attacker probes, and what a path's {@code {parameters}} name: each parameter
 * is read by the path segment before it ({@code /vms/{id}} is B's VM). A path whose parameter follows a
 * segment this class does not know fails the sweep, so a new kind of object cannot slip past it.
 */
record Victim(Map<String, Object> idsBySegment, Map<String, String> placeholders, List<String> secretNames) {

    /** Path roots whose ids are a team's objects: another team's member must get 404 for them. */
    static final Set<String> TEAM_OWNED = Set.of("vms", "templates", "tasks", "teams");
    /** Path roots of objects a user owns alone (their tokens): another user gets 404. */
    static final Set<String> PERSONAL = Set.of("me", "account");
    /** Path roots of shared infrastructure: every user reads it, only administrators change it. */
    static final Set<String> SHARED = Set.of("images", "networks", "datastores", "appliances", "users", "audit",
            "hosts");

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    /** The path with every parameter replaced by the id of B's object it names. */
    String resolve(String template) {
        Matcher m = PARAMETER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String before = template.substring(0, m.start());
            String segment = before.substring(before.lastIndexOf('/', before.length() - 2) + 1, before.length() - 1);
            Object id = idsBySegment.get(segment);
            if (id == null) {
                throw new AssertionError("The red-team sweep does not know what {" + m.group(1) + "} after /" + segment
                        + "/ names in " + template + ": add the victim's object to Victim in AdversarialSecurityTest");
            }
            m.appendReplacement(out, String.valueOf(id));
        }
        return m.appendTail(out).toString();
    }

    /** Fills {@code {team}}, {@code {vm}}, {@code {unique}}, … in an example body or form. */
    String fill(String example) {
        String filled = example;
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            filled = filled.replace("{" + p.getKey() + "}", p.getValue());
        }
        return filled.replace("{unique}", Fixtures.unique("probe"));
    }

    /** The first path segment after the API prefix or the page root: what kind of object the path is about. */
    static String root(String path) {
        String rest = path.startsWith("/api/v1/") ? path.substring("/api/v1/".length()) : path.substring(1);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    static boolean hasParameters(String path) {
        return path.contains("{");
    }
}
