package io.vireo.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Each package below {@code io.vireo.console} is a module: others use only the top of its package, the
 * modules depend on each other without cycles, and only as their {@code package-info} allows.
 */
class ModuleStructureTest {

    @Test
    void modulesUseEachOthersApiOnlyAsAllowedAndFormNoCycles() {
        ApplicationModules.of(VireoConsoleApplication.class).verify();
    }

    /** The engine lies outside the console's packages, where the module check does not look; same bytecode rule. */
    @Test
    void onlyTheEngineModuleReachesTheHypervisorEngine() {
        noClasses().that().resideInAPackage("io.vireo.console..")
                .and().resideOutsideOfPackage("io.vireo.console.engine..")
                .should().dependOnClassesThat().resideInAPackage("io.vireo.engine..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.vireo.console"));
    }
}
