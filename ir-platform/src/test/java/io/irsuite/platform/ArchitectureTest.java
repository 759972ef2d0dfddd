package io.irsuite.platform;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The platform is plumbing: it knows no service, and its packages form no cycle. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.irsuite.platform");

    @Test
    void dependsOnNoService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "io.irsuite.detection..", "io.irsuite.triage..", "io.irsuite.remediation..", "io.irsuite.comms..")
                .check(classes);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("io.irsuite.platform.(*)..").should().beFreeOfCycles().check(classes);
    }
}
