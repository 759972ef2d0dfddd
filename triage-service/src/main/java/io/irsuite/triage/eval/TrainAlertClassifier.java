package io.irsuite.triage.eval;

import io.irsuite.triage.domain.AlertClassifier;
import io.irsuite.triage.domain.AlertCorpus;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains the alert classifier on the whole corpus and writes it where the service loads it from
 * ({@link AlertClassifier#RESOURCE} under the given classes directory). The build runs it in
 * {@code process-classes} (exec-maven-plugin), so the packaged service carries the trained model.
 *
 * <pre>
 * TrainAlertClassifier CLASSES_DIR
 * </pre>
 */
public final class TrainAlertClassifier {

    private TrainAlertClassifier() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TrainAlertClassifier CLASSES_DIR");
            System.exit(2);
        }
        long started = System.nanoTime();
        AlertClassifier model = AlertClassifier.train(AlertCorpus.load(), AlertClassifier.Settings.DEFAULT);
        Path file = Path.of(args[0], AlertClassifier.RESOURCE.substring(1));
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            model.write(out);
        }
        System.out.printf("alert classifier: %d tokens trained on %d corpus rules in %d ms -> %s%n",
                model.vocabularySize(), AlertCorpus.load().size(), (System.nanoTime() - started) / 1_000_000, file);
    }
}
