package io.vireo.console.vm;

import java.util.regex.Pattern;

import io.vireo.console.domain.InvalidFieldException;

/**
 * The names a linked disk's base may have, relative to its datastore: a disk file in another VM's or a template's
 * folder, or a disk image in the images folder. Nothing else, so a base read back from a {@code vm.conf} never
 * names a file outside the datastore or one the console does not keep frozen.
 */
final class LinkedBase {
    private static final Pattern PATH = Pattern.compile(
            "(vm|template)-[0-9]{1,18}/disk[0-9]{1,2}(-[0-9]{1,9})?\\.(qcow2|raw)|images/[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\.(qcow2|raw)");

    private LinkedBase() {
    }

    static boolean isValid(String path) {
        return PATH.matcher(path).matches() && !path.contains("..");
    }

    static String requireValid(String path) {
        if (!isValid(path)) {
            throw new InvalidFieldException("base", "\"" + path + "\" is not a frozen disk file of the datastore");
        }
        return path;
    }
}
