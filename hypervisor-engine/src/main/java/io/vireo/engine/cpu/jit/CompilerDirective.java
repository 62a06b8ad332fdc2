package io.vireo.engine.cpu.jit;

import javax.management.JMException;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells HotSpot, once per JVM, to compile translated regions with C1 only. A boot makes thousands of
 * regions; C2 spent about 100 ms on each large one (mostly allocating registers) on the cores the harts
 * need, and a boot never earned that back: its own attempts with C2 on small regions only, or on all of
 * them, booted slower than C1 alone. Installed through the JVM's diagnostic command MBean (what
 * {@code jcmd Compiler.directives_add} uses), so it needs no command-line flag; a JVM without that MBean
 * just compiles regions its default way.
 */
final class CompilerDirective {
    static final String REGIONS = """
            [ { match: "%s*.run", c2: { Exclude: true } } ]
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
