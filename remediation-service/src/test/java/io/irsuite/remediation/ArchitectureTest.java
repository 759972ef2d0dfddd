package io.irsuite.remediation;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Package boundaries, the same rules in every service: no other service's code; the domain knows
 * nothing of REST or messaging; no package cycles.
 */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.irsuite.remediation");
    }

    @Test
    void dependsOnNoOtherService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "io.irsuite.detection..", "io.irsuite.triage..", "io.irsuite.comms..", "io.irsuite.localstack..")
                .check(classes);
    }

    @Test
    void domainKnowsNothingOfRestOrMessaging() {
        noClasses().that().resideInAPackage("io.irsuite.remediation.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.irsuite.remediation.rest..", "io.irsuite.remediation.messaging..",
                        "io.irsuite.remediation.service..", "io.irsuite.remediation.client..",
                        "jakarta.ws.rs..", "org.jboss.resteasy..", "io.smallrye.reactive.messaging..",
                        "org.eclipse.microprofile.reactive.messaging..", "io.vertx..")
                .check(classes);
    }

    @Test
    void onlyTheRestLayerUsesJaxRs() {
        noClasses().that().resideOutsideOfPackage("io.irsuite.remediation.rest..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..")
                .check(classes);
    }

    @Test
    void theRestLayerDoesNotReachIntoMessaging() {
        noClasses().that().resideInAPackage("io.irsuite.remediation.rest..")
                .should().dependOnClassesThat().resideInAPackage("io.irsuite.remediation.messaging..")
                .check(classes);
    }

    @Test
    void theServiceLayerDoesNotDependOnMessaging() {
        noClasses().that().resideInAPackage("io.irsuite.remediation.service..")
                .should().dependOnClassesThat().resideInAPackage("io.irsuite.remediation.messaging..")
                .check(classes);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.irsuite.remediation.(*)..").should().beFreeOfCycles().check(classes);
    }
}
