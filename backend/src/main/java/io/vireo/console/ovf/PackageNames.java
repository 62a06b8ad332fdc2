package io.vireo.console.ovf;

import java.util.regex.Pattern;

/**
 * The file names a package may use: plain names next to the descriptor. An absolute name, a URL, a {@code ..} or any
 * folder would let a crafted package read or write outside the folder it is unpacked into, so they are refused.
 */
final class PackageNames {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ ()+-]{0,199}");

    private PackageNames() {
    }

    static String check(String name) throws OvfException {
        if (name.startsWith("/") || name.startsWith("\\") || name.contains(":")) {
            throw new OvfException("The package names the absolute location " + OvfUnits.abbreviate(name)
                    + "; a package may only name files of its own");
        }
        if (name.contains("..")) {
            throw new OvfException("The package names " + OvfUnits.abbreviate(name) + ", which leaves the package"
                    + " (..)");
        }
        if (!PLAIN.matcher(name).matches()) {
            throw new OvfException("The package names the file " + OvfUnits.abbreviate(name) + "; Vireo imports"
                    + " packages whose files sit next to the descriptor with plain names");
        }
        return name;
    }
}
