package io.vireo.console.ovf;

/** A package that cannot be imported; the message says why in the user's terms and names the file. */
class OvfException extends Exception {

    OvfException(String message) {
        super(message);
    }
}
