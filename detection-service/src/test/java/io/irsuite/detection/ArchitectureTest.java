package io.irsuite.detection;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Package boundaries of detection-service (see docs/development.md). */
@AnalyzeClasses(packages = "io.irsuite.detection", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noOtherServiceCode = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.irsuite.triage..", "io.irsuite.remediation..", "io.irsuite.comms..",
                    "io.irsuite.localstack..");

    @ArchTest
    static final ArchRule domainKnowsNothingOfTransport = noClasses().that().resideInAPackage("..detection.domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "..detection.rest..", "..detection.messaging..", "..detection.service..",
                    "..detection.repository..", "jakarta.ws.rs..", "org.jboss.resteasy..",
                    "org.eclipse.microprofile.reactive.messaging..", "io.smallrye.reactive.messaging..",
                    "io.vertx..");

    @ArchTest
    static final ArchRule repositoriesKnowNothingOfCallers = noClasses().that().resideInAPackage("..detection.repository..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "..detection.rest..", "..detection.messaging..", "..detection.service..");

    @ArchTest
    static final ArchRule restDoesNotTalkToTheBrokerOrTheDatabase = noClasses().that().resideInAPackage("..detection.rest..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "..detection.messaging..", "org.eclipse.microprofile.reactive.messaging..",
                    "io.smallrye.reactive.messaging..", "io.vertx.mutiny.sqlclient..");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.irsuite.detection.(*)..").should().beFreeOfCycles();
}
