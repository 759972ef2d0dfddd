package io.irsuite.remediation.service;

import io.irsuite.remediation.domain.KubernetesUndo;
import io.smallrye.mutiny.Uni;

/**
 * What a running step reports to its execution's ledger while it runs, so that a crash of the runner
 * loses nothing: each retry is recorded before it is sent, and a kubernetes step's undo before its
 * change. A wait step asks whether the execution was asked to stop, and is cut short if so.
 */
public interface StepHooks {

    /** Attempt {@code attempt} (2 and up; the first is recorded when the step begins) is about to be sent. */
    Uni<Void> beforeAttempt(int attempt);

    /** A kubernetes step is about to change its Deployment; {@code undo} restores the state before (null: nothing to restore). */
    Uni<Void> beforeChange(KubernetesUndo undo);

    /** True when the execution should stop at the next step boundary. */
    Uni<Boolean> stopRequested();

    /** Hooks that record nothing (tests, dry runs). */
    StepHooks NONE = new StepHooks() {
        @Override
        public Uni<Void> beforeAttempt(int attempt) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> beforeChange(KubernetesUndo undo) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Boolean> stopRequested() {
            return Uni.createFrom().item(false);
        }
    };
}
