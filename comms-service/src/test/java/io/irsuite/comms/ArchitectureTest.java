package io.irsuite.comms;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Package boundaries, the same rules in every service: no other service's code; the domain knows
 * nothing of REST or messaging; no package cycles. The plumbing comes from ir-platform.
 */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.irsuite.comms");
    }

    @Test
    void dependsOnNoOtherService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "io.irsuite.detection..", "io.irsuite.triage..", "io.irsuite.remediation..", "io.irsuite.localstack..")
                .check(classes);
    }

    @Test
    void domainKnowsNothingOfRestOrMessaging() {
        noClasses().that().resideInAPackage("io.irsuite.comms.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.irsuite.comms.rest..", "io.irsuite.comms.messaging..",
                        "io.irsuite.comms.service..", "io.irsuite.comms.repository..", "io.irsuite.comms.client..",
                        "jakarta.ws.rs..", "org.jboss.resteasy..", "io.smallrye.reactive.messaging..",
                        "org.eclipse.microprofile.reactive.messaging..", "io.vertx..", "io.quarkus.scheduler..")
                .check(classes);
    }

    /** The console (issue 13) is the second web layer: server-rendered pages under /console. */
    @Test
    void onlyTheRestLayerUsesJaxRs() {
        noClasses().that().resideOutsideOfPackages("io.irsuite.comms.rest..", "io.irsuite.comms.console..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..")
                .check(classes);
    }

    @Test
    void theServiceLayerDoesNotDependOnMessaging() {
        noClasses().that().resideInAPackage("io.irsuite.comms.service..")
                .should().dependOnClassesThat().resideInAPackage("io.irsuite.comms.messaging..")
                .check(classes);
    }

    @Test
    void layersOnlyCallDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("rest").definedBy("io.irsuite.comms.rest..")
                .layer("console").definedBy("io.irsuite.comms.console..")
                .layer("messaging").definedBy("io.irsuite.comms.messaging..")
                .layer("service").definedBy("io.irsuite.comms.service..")
                .layer("repository").definedBy("io.irsuite.comms.repository..")
                .layer("client").definedBy("io.irsuite.comms.client..")
                .layer("domain").definedBy("io.irsuite.comms.domain..")
                .whereLayer("rest").mayNotBeAccessedByAnyLayer()
                .whereLayer("console").mayNotBeAccessedByAnyLayer()
                .whereLayer("messaging").mayNotBeAccessedByAnyLayer()
                .whereLayer("service").mayOnlyBeAccessedByLayers("rest", "messaging", "console")
                .whereLayer("repository").mayOnlyBeAccessedByLayers("service", "messaging")
                .whereLayer("client").mayOnlyBeAccessedByLayers("service")
                .check(classes);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.irsuite.comms.(*)..").should().beFreeOfCycles().check(classes);
    }
}
