package io.vireo.console.vm;

public enum PowerAction {
    START, STOP, RESET, PAUSE, RESUME
}
