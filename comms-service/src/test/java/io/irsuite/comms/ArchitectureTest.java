package io.irsuite.comms;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/** The package rules of docs/development.md, checked on the compiled classes. */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.irsuite.comms");
    }

    @Test
    void commsDependsOnNoOtherServiceOnlyOnTheEventContracts() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.irsuite.detection..", "io.irsuite.triage..", "io.irsuite.remediation..",
                        "io.irsuite.localstack..")
                .check(classes);
    }

    @Test
    void theDomainKnowsNothingOfRestOrMessaging() {
        noClasses().that().resideInAPackage("..comms.domain..").should().dependOnClassesThat()
                .resideInAnyPackage("..comms.rest..", "..comms.messaging..", "..comms.service..",
                        "..comms.repository..", "..comms.client..", "jakarta.ws.rs..",
                        "org.eclipse.microprofile.reactive.messaging..", "io.smallrye.reactive.messaging..",
                        "io.vertx..", "io.quarkus.scheduler..")
                .check(classes);
    }

    @Test
    void layersOnlyCallDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("rest").definedBy("..comms.rest..")
                .layer("messaging").definedBy("..comms.messaging..")
                .layer("service").definedBy("..comms.service..")
                .layer("repository").definedBy("..comms.repository..")
                .layer("client").definedBy("..comms.client..")
                .layer("domain").definedBy("..comms.domain..")
                .whereLayer("rest").mayNotBeAccessedByAnyLayer()
                .whereLayer("service").mayOnlyBeAccessedByLayers("rest", "messaging")
                .whereLayer("repository").mayOnlyBeAccessedByLayers("service", "messaging")
                .whereLayer("client").mayOnlyBeAccessedByLayers("service")
                .check(classes);
    }

    @Test
    void onlyTheRestLayerSpeaksJaxRs() {
        noClasses().that().resideOutsideOfPackage("..comms.rest..").should().dependOnClassesThat()
                .resideInAPackage("jakarta.ws.rs..")
                .check(classes);
    }
}
