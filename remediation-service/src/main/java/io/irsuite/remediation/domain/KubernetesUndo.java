package io.irsuite.remediation.domain;

/**
 * What a kubernetes step changed on a Deployment, recorded so that its rollback step can undo it:
 * {@code replicas} the count before a scale, {@code template} the pod template (JSON) before a
 * rollback, set-image or rollout-restart. Null fields: nothing of that kind to restore.
 */
public record KubernetesUndo(String namespace, String deployment, String operation, Integer replicas, String template) {
}
