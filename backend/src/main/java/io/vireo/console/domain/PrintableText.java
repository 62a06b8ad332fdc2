package io.vireo.console.domain;

/**
 * The rule for names and paths people type: no control characters. A NUL cannot be part of a file name, and
 * a line break in a name forges lines in logs, {@code vm.conf} and the audit trail.
 */
public final class PrintableText {
    /** For {@code @Pattern}: any text without C0 control characters or DEL. */
    public static final String PATTERN = "\\P{Cntrl}*";
    public static final String RULE = "no control characters (line breaks, tabs, NUL)";

    private PrintableText() {
    }
}
