package io.vireo.console.audit;

public enum Outcome {
    SUCCEEDED, DENIED, FAILED
}
