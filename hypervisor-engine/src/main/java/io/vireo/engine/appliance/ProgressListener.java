package io.vireo.engine.appliance;

/** Hears how far a long build has come, so a console task can show it. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (percent, message) -> { };

    /** @param percent 0 to 100, never decreasing during one build */
    void progress(int percent, String message);
}
