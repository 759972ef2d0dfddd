package io.irsuite.triage.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package boundaries of docs/development.md, checked on the compiled classes: the plumbing comes from
 * ir-platform, so consumers in {@code messaging} call {@code service}, never the reverse.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.irsuite.triage");

    @Test
    void dependsOnNoOtherService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "io.irsuite.detection..", "io.irsuite.remediation..", "io.irsuite.comms..", "io.irsuite.localstack..")
                .check(CLASSES);
    }

    @Test
    void domainKnowsNothingOfRestMessagingOrServices() {
        noClasses().that().resideInAPackage("io.irsuite.triage.domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.irsuite.triage.rest..", "io.irsuite.triage.messaging..", "io.irsuite.triage.service..",
                        "io.irsuite.triage.repository..", "io.irsuite.triage.config..",
                        "jakarta.ws.rs..", "org.jboss.resteasy..", "org.eclipse.microprofile.reactive.messaging..",
                        "io.smallrye.reactive.messaging..", "io.vertx..", "io.irsuite.events..",
                        "io.irsuite.platform.outbox..", "io.irsuite.platform.inbox..", "io.irsuite.platform.catalog..")
                .check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.irsuite.triage.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void servicesDoNotDependOnMessaging() {
        noClasses().that().resideInAPackage("io.irsuite.triage.service..")
                .should().dependOnClassesThat().resideInAPackage("io.irsuite.triage.messaging..")
                .check(CLASSES);
    }

    @Test
    void restGoesThroughServicesNotRepositories() {
        noClasses().that().resideInAPackage("io.irsuite.triage.rest..")
                .should().dependOnClassesThat().resideInAPackage("io.irsuite.triage.repository..")
                .check(CLASSES);
    }

    @Test
    void onlyRestUsesJaxRs() {
        noClasses().that().resideOutsideOfPackage("io.irsuite.triage.rest..")
                .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..")
                .check(CLASSES);
    }

    @Test
    void everyEndpointDeclaresItsRoles() {
        methods().that().areAnnotatedWith(GET.class).or().areAnnotatedWith(POST.class)
                .or().areAnnotatedWith(PUT.class).or().areAnnotatedWith(DELETE.class)
                .should().beAnnotatedWith(RolesAllowed.class)
                .check(CLASSES);
    }
}
