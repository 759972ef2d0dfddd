package io.irsuite.systemtests;

import io.irsuite.localstack.Suite;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code run.sh} does after a build: the launcher's {@code --record-class-data} starts the whole suite once and
 * stops it, and each service's archive then holds the classes of a whole start (Flyway's migration command, loaded
 * only once the service starts), not only those of static init, so README command 1 starts faster from then on.
 */
class ClassDataRecordingSystemTest {

    private static final List<String> SERVICES = List.of("detection", "triage", "remediation", "comms");
    /** Loaded only when a service runs its migrations at start, never during the build's static-init run. */
    private static final String START_CLASS = "org.flywaydb.core.internal.command.DbMigrate";

    @Test
    void recordingReplacesEveryServicesArchiveWithTheClassesOfAWholeStart() throws Exception {
        Path repo = LaunchedSuite.repo();
        Path out = Files.createTempDirectory("record-class-data-");
        Path launcherArchive = out.resolve("launcher.jsa");
        FileTime before = FileTime.fromMillis(System.currentTimeMillis() - 1_000);
        // the launcher exactly as run.sh starts it for the recording
        Process launcher = new ProcessBuilder(LaunchedSuite.launcherCommand(
                List.of("-XX:ArchiveClassesAtExit=" + launcherArchive, "-Xlog:cds*=off"), List.of("--record-class-data")))
                .redirectErrorStream(true).redirectOutput(out.resolve("launcher.out").toFile()).start();
        assertTrue(launcher.waitFor(5, TimeUnit.MINUTES), "the recording ends by itself");
        String output = Files.readString(out.resolve("launcher.out"));
        assertEquals(0, launcher.exitValue(), output);
        assertTrue(output.contains("[suite] class data recorded for detection, triage, remediation, comms"), output);
        assertTrue(Files.size(launcherArchive) > 0, "the launcher wrote its own archive as it exited");

        for (String service : SERVICES) {
            Path app = repo.resolve(service + "-service/target/quarkus-app");
            Path archive = app.resolve("app-cds.jsa");
            assertTrue(Files.getLastModifiedTime(archive).compareTo(before) > 0, service + "'s archive was replaced");
            assertFalse(Files.exists(app.resolve("app-cds.jsa.recorded")), "nothing half-kept next to it");
            // the JVM checks the archive against the service's jars and JVM flags and lists what it holds
            List<String> command = new ArrayList<>(Suite.processBuilder(service, repo).command());
            command.add(command.indexOf("-jar"), "-XX:+PrintSharedArchiveAndExit");
            Process print = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.resolve(service + ".classes").toFile()).start();
            assertTrue(print.waitFor(2, TimeUnit.MINUTES), service + ": the archive is listed");
            String listed = Files.readString(out.resolve(service + ".classes"));
            assertEquals(0, print.exitValue(), service + "'s archive fits its jars and flags:\n" + tail(listed));
            assertTrue(listed.contains(": " + START_CLASS + " "), service + "'s archive holds " + START_CLASS);
        }
        try (Stream<Path> temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(temp.noneMatch(p -> p.getFileName().toString().startsWith("ir-suite-record-") && modifiedAfter(p, before)),
                    "the recording's throw-away folder is gone");
        }
    }

    private static boolean modifiedAfter(Path p, FileTime time) {
        try {
            return Files.getLastModifiedTime(p).compareTo(time) > 0;
        } catch (IOException gone) {
            return false;
        }
    }

    private static String tail(String text) {
        return text.length() <= 2_000 ? text : text.substring(text.length() - 2_000);
    }
}
