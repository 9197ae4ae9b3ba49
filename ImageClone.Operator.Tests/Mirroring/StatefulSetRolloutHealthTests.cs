using ImageClone.Mirroring;

namespace ImageClone.Tests.Mirroring;

public class StatefulSetRolloutHealthTests
{
    // generation, observedGeneration, spec.replicas, ready, updated, currentRevision, updateRevision, partition, expected reason (null = healthy)
    [TestCase(2L, 2L, 3, 3, 3, "web-a", "web-a", null, null)]
    [TestCase(2L, 3L, 3, 3, 3, "web-a", "web-a", 0, null)]
    [TestCase(1L, 1L, null, 1, 1, "web-a", "web-a", null, null)]
    [TestCase(1L, 1L, 0, null, null, "web-a", "web-b", null, null)]
    [TestCase(2L, 1L, 3, 3, 3, "web-a", "web-a", null, "generation 2 is not yet observed (observed: 1)")]
    [TestCase(1L, null, 3, null, null, null, null, null, "generation 1 is not yet observed (observed: none)")]
    [TestCase(1L, 1L, 3, 2, 3, "web-a", "web-a", null, "2 of 3 pods ready")]
    [TestCase(1L, 1L, 3, 4, 3, "web-a", "web-a", null, "4 of 3 pods ready")]
    [TestCase(1L, 1L, 3, 3, 1, "web-a", "web-b", null, "1 of 3 pods updated")]
    [TestCase(1L, 1L, 3, 3, 3, "web-a", "web-b", null, "the rolling update to revision web-b is not complete (current: web-a)")]
    [TestCase(1L, 1L, 3, 3, 1, "web-a", "web-b", 2, null)]
    [TestCase(1L, 1L, 3, 3, 0, "web-a", "web-b", 2, "0 of 1 pods at or above partition 2 updated")]
    [TestCase(1L, 1L, 3, 2, 1, "web-a", "web-b", 2, "2 of 3 pods ready")]
    [TestCase(1L, 1L, 3, 3, 0, "web-a", "web-b", 5, null)]
    public void OfStatefulSet_Table(
        long? generation, long? observed, int? specReplicas, int? ready, int? updated, string? current, string? update, int? partition, string? reason)
    {
        var status = RolloutHealth.OfStatefulSet(new StatefulSetRolloutState(generation, observed, specReplicas, ready, updated, current, update, partition));

        (status.IsHealthy, status.Reason, status.FinishesByItself).Should().Be((reason is null, reason, true));
    }

    // OnDelete: pods take the new template only when deleted, so only readiness counts, and the rollout has no end
    [TestCase(3L, 3L, 3, 3, 1, null)]
    [TestCase(3L, 3L, 3, 2, 3, "2 of 3 pods ready")]
    [TestCase(3L, 2L, 3, 3, 3, "generation 3 is not yet observed (observed: 2)")]
    public void OfStatefulSet_OnDelete_Table(long? generation, long? observed, int? specReplicas, int? ready, int? updated, string? reason)
    {
        var status = RolloutHealth.OfStatefulSet(new StatefulSetRolloutState(generation, observed, specReplicas, ready, updated, "web-a", "web-b", OnDelete: true));

        (status.IsHealthy, status.Reason, status.FinishesByItself).Should().Be((reason is null, reason, false));
    }

    [TestCase(5, null, 5)]
    [TestCase(5, 3, 2)]
    [TestCase(5, 9, 1)]
    [TestCase(0, null, 1)]
    public void OfStatefulSet_PodsInSequence_AreTheOrdinalsAtOrAboveThePartition(int replicas, int? partition, int expected)
    {
        var status = RolloutHealth.OfStatefulSet(new StatefulSetRolloutState(1, 1, replicas, replicas, replicas, "web-a", "web-a", partition));

        status.PodsInSequence.Should().Be(expected);
    }
}
