package io.irsuite.remediation.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * kubectl's {@code rollout undo} to the previous revision, as a pure function: among the
 * ReplicaSets the Deployment owns (ownerReferences uid), the one with the highest
 * {@code deployment.kubernetes.io/revision} below the Deployment's own; its template without the
 * {@code pod-template-hash} label; skipped when that equals the current template.
 */
public final class RolloutHistory {

    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String POD_TEMPLATE_HASH = "pod-template-hash";

    /** The outcome: {@code template} to apply, or null with {@code reason}. */
    public record Previous(long revision, String replicaSet, PodTemplateSpec template, String reason) {
        public boolean found() {
            return template != null;
        }
    }

    private RolloutHistory() {
    }

    public static Previous previous(Deployment deployment, List<ReplicaSet> replicaSets) {
        String uid = deployment.getMetadata().getUid();
        long current = revision(deployment);
        if (current <= 0) {
            // kubectl falls back to the highest revision among the owned ReplicaSets
            current = replicaSets.stream().filter(rs -> ownedBy(rs, uid)).mapToLong(RolloutHistory::revision).max().orElse(0);
        }
        ReplicaSet best = null;
        long bestRevision = 0;
        for (ReplicaSet rs : replicaSets) {
            long r = revision(rs);
            if (ownedBy(rs, uid) && r > 0 && r < current && r > bestRevision) {
                best = rs;
                bestRevision = r;
            }
        }
        if (best == null) {
            return new Previous(0, null, null, "no previous revision of deployment " + deployment.getMetadata().getName()
                    + " (current revision " + current + ")");
        }
        PodTemplateSpec template = withoutHash(best.getSpec().getTemplate());
        if (Objects.equals(template, withoutHash(deployment.getSpec().getTemplate()))) {
            return new Previous(bestRevision, best.getMetadata().getName(), null,
                    "revision " + bestRevision + " has the same pod template as the current one; skipped");
        }
        return new Previous(bestRevision, best.getMetadata().getName(), template, null);
    }

    /** A copy of {@code template} without the {@code pod-template-hash} label. */
    public static PodTemplateSpec withoutHash(PodTemplateSpec template) {
        PodTemplateSpec copy = new PodTemplateSpecBuilder(template).build();
        if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
            Map<String, String> labels = new HashMap<>(copy.getMetadata().getLabels());
            labels.remove(POD_TEMPLATE_HASH);
            copy.getMetadata().setLabels(labels);
        }
        return copy;
    }

    static long revision(HasMetadata resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(REVISION);
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean ownedBy(ReplicaSet rs, String uid) {
        List<OwnerReference> owners = rs.getMetadata().getOwnerReferences();
        return uid != null && owners != null && owners.stream().anyMatch(o -> uid.equals(o.getUid()));
    }
}
