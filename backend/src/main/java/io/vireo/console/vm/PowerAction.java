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
    /** Continues a paused VM, or a suspended one from its saved state. */
    RESUME("Resume"),
    /** Writes the VM's state and memory to its folder; it then holds no CPU or memory until resumed. */
    SUSPEND("Suspend");

    private final String label;

    PowerAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
