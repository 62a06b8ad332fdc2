package io.vireo.engine.state;

/**
 * A saved machine that cannot be resumed: its files are missing, truncated, corrupted, of another format
 * version, or describe a machine other than the one asked for. The message names the section and the
 * problem; the files are left as they are.
 */
public final class SavedStateException extends Exception {
    public SavedStateException(String message) {
        super(message);
    }

    public SavedStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
