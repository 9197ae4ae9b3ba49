using ImageClone.Mirroring;

namespace ImageClone.Tests.Mirroring;

public class RolloutHealthTests
{
    // generation, observedGeneration, spec.replicas, paused, status.replicas, updated, available, unavailable, expected reason (null = healthy)
    [TestCase(2L, 2L, 3, false, 3, 3, 3, null, null)]
    [TestCase(2L, 3L, 3, false, 3, 3, 3, null, null)]
    [TestCase(1L, 1L, null, false, 1, 1, 1, null, null)]
    [TestCase(1L, 1L, 0, false, null, null, null, null, null)]
    [TestCase(2L, 1L, 3, false, 3, 3, 3, null, "generation 2 is not yet observed (observed: 1)")]
    [TestCase(1L, null, 1, false, null, null, null, null, "generation 1 is not yet observed (observed: none)")]
    [TestCase(1L, 1L, 3, false, 3, 2, 3, null, "2 of 3 replicas updated")]
    [TestCase(1L, 1L, 3, false, 3, 3, 2, 1, "2 of 3 updated replicas available")]
    [TestCase(1L, 1L, 3, false, 3, 3, 3, 1, "1 replicas unavailable")]
    [TestCase(1L, 1L, 3, false, 4, 3, 3, null, "1 old replicas pending termination")]
    [TestCase(1L, 1L, null, false, 1, null, null, null, "0 of 1 replicas updated")]
    [TestCase(1L, 1L, 3, true, 3, 3, 3, null, "the rollout is paused")]
    public void OfDeployment_Table(
        long? generation, long? observed, int? specReplicas, bool paused, int? statusReplicas, int? updated, int? available, int? unavailable, string? reason)
    {
        var status = RolloutHealth.OfDeployment(new DeploymentRolloutState(generation, observed, specReplicas, paused, statusReplicas, updated, available, unavailable));

        status.Should().Be(reason is null ? RolloutStatus.Healthy : RolloutStatus.Unhealthy(reason));
    }

    // generation, observedGeneration, desired, updated, available, expected reason (null = healthy)
    [TestCase(3L, 3L, 4, 4, 4, null)]
    [TestCase(3L, 4L, 4, 4, 4, null)]
    [TestCase(1L, 1L, 0, null, null, null)]
    [TestCase(3L, 2L, 4, 4, 4, "generation 3 is not yet observed (observed: 2)")]
    [TestCase(3L, 3L, 4, 3, 4, "3 of 4 pods updated")]
    [TestCase(3L, 3L, 4, 4, 2, "2 of 4 updated pods available")]
    [TestCase(3L, 3L, 4, null, null, "0 of 4 pods updated")]
    public void OfDaemonSet_Table(long? generation, long? observed, int? desired, int? updated, int? available, string? reason)
    {
        var status = RolloutHealth.OfDaemonSet(new DaemonSetRolloutState(generation, observed, desired, updated, available));

        status.Should().Be(reason is null ? RolloutStatus.Healthy : RolloutStatus.Unhealthy(reason));
    }

    // OnDelete: pods take the new template only when deleted, so only availability counts, and the rollout has no end
    [TestCase(3L, 3L, 4, 1, 4, null)]
    [TestCase(3L, 3L, 4, 4, 3, "3 of 4 pods available")]
    [TestCase(3L, 2L, 4, 4, 4, "generation 3 is not yet observed (observed: 2)")]
    public void OfDaemonSet_OnDelete_Table(long? generation, long? observed, int? desired, int? updated, int? available, string? reason)
    {
        var status = RolloutHealth.OfDaemonSet(new DaemonSetRolloutState(generation, observed, desired, updated, available, OnDelete: true));

        (status.IsHealthy, status.Reason, status.FinishesByItself).Should().Be((reason is null, reason, false));
    }
}
