package io.vireo.console.vm;

/** What a user can do to a VM's power, with the label the pages show. */
public enum PowerAction {
    START("Power on"),
    /** Ask the guest to shut down, and power it off once the chosen timeout passes. */
    SHUTDOWN("Shut down"),
    /** Hard power off: the guest is not asked. */
    STOP("Power off"),
    RESET("Reset"),
    PAUSE("Pause"),
    RESUME("Resume");

    private final String label;

    PowerAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
