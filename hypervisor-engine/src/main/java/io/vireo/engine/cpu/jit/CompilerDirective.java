package io.vireo.engine.cpu.jit;

import javax.management.JMException;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells HotSpot how to compile translated regions, once per JVM. A boot makes thousands of regions and
 * C2 spent over 100 ms on each large one, mostly allocating registers, on the cores the harts need: more
 * than the faster code gave back within a boot. So C2 only takes regions small enough to compile quickly
 * (its node limit) and leaves the rest to C1. Installed through the JVM's diagnostic command MBean (what
 * {@code jcmd Compiler.directives_add} uses), so it needs no command-line flag; a JVM without that MBean
 * just compiles regions its default way.
 */
final class CompilerDirective {
    static final String REGIONS = """
            [ { match: "%s*.run", c2: { MaxNodeLimit: 5000 } } ]
            """.formatted(RegionCompiler.CLASS_NAME.replace('.', '/'));

    private static final boolean INSTALLED = add();

    private CompilerDirective() {
    }

    /** Whether HotSpot took the directive; it is added the first time this is asked. */
    static boolean install() {
        return INSTALLED;
    }

    private static boolean add() {
        try {
            Path file = Files.createTempFile("vireo-regions", ".json");
            try {
                Files.writeString(file, REGIONS);
                Object reply = ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                        new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
                return String.valueOf(reply).contains("1 compiler directives added");
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException | JMException | RuntimeException e) {
            return false;
        }
    }
}
