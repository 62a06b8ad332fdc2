package io.vireo.engine.cpu.jit;

import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class CompilerDirectiveTest {
    @Test
    void hotSpotTakesTheDirectiveForTranslatedRegionsWithoutAnyFlag() throws Exception {
        assertThat(CompilerDirective.install()).isTrue();
        Object printed = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        assertThat(printed.toString())
                .contains("matching: " + RegionCompiler.CLASS_NAME.replace('.', '/') + "*.run")
                .contains("Exclude:true");
    }
}
