using System.Globalization;

namespace ImageClone.Mirroring;

/// <summary>Whether a workload's rollout is complete, from its spec and status (as <c>kubectl rollout status</c> judges it).</summary>
public static class RolloutHealth
{
    public static RolloutStatus OfDeployment(DeploymentRolloutState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var desired = state.SpecReplicas ?? 1;
        return state switch
        {
            { Paused: true } => RolloutStatus.Unhealthy("the rollout is paused"),
            { ProgressDeadlineExceeded: { } message } => RolloutStatus.Unhealthy($"ProgressDeadlineExceeded: {message}") with { Failed = true },
            _ when NotObserved(state.Generation, state.ObservedGeneration) => RolloutStatus.Unhealthy(
                NotObservedReason(state.Generation, state.ObservedGeneration)),
            _ when (state.UpdatedReplicas ?? 0) != desired => RolloutStatus.Unhealthy(
                $"{state.UpdatedReplicas ?? 0} of {desired} replicas updated"),
            _ when (state.AvailableReplicas ?? 0) != desired => RolloutStatus.Unhealthy(
                $"{state.AvailableReplicas ?? 0} of {desired} updated replicas available"),
            _ when (state.UnavailableReplicas ?? 0) > 0 => RolloutStatus.Unhealthy(
                $"{state.UnavailableReplicas} replicas unavailable"),
            _ when (state.StatusReplicas ?? 0) > desired => RolloutStatus.Unhealthy(
                $"{state.StatusReplicas - desired} old replicas pending termination"),
            _ => RolloutStatus.Healthy,
        };
    }

    /// <remarks>
    /// With <c>updateStrategy: OnDelete</c> pods keep their template until deleted, so "updated" never catches up by
    /// itself: such a DaemonSet is healthy when every pod it should run is available.
    /// </remarks>
    public static RolloutStatus OfDaemonSet(DaemonSetRolloutState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var desired = state.DesiredNumberScheduled ?? 0;
        var status = state switch
        {
            _ when NotObserved(state.Generation, state.ObservedGeneration) => RolloutStatus.Unhealthy(
                NotObservedReason(state.Generation, state.ObservedGeneration)),
            { OnDelete: true } when (state.NumberAvailable ?? 0) != desired => RolloutStatus.Unhealthy(
                $"{state.NumberAvailable ?? 0} of {desired} pods available"),
            { OnDelete: true } => RolloutStatus.Healthy,
            _ when (state.UpdatedNumberScheduled ?? 0) != desired => RolloutStatus.Unhealthy(
                $"{state.UpdatedNumberScheduled ?? 0} of {desired} pods updated"),
            _ when (state.NumberAvailable ?? 0) != desired => RolloutStatus.Unhealthy(
                $"{state.NumberAvailable ?? 0} of {desired} updated pods available"),
            _ => RolloutStatus.Healthy,
        };
        return state.OnDelete ? status with { FinishesByItself = false } : status;
    }

    /// <remarks>
    /// As <c>kubectl rollout status</c> judges a StatefulSet: the spec observed, every replica ready, and every ordinal at or
    /// above the partition on the update revision; without a partition also <c>currentRevision == updateRevision</c> (the
    /// controller moves it only once the whole rollout is done). With <c>updateStrategy: OnDelete</c> pods take a new
    /// template only when deleted: healthy when every replica is ready, and the rollout has no end to wait for.
    /// </remarks>
    public static RolloutStatus OfStatefulSet(StatefulSetRolloutState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var desired = state.SpecReplicas ?? 1;
        var partition = state.OnDelete ? 0 : Math.Clamp(state.Partition ?? 0, 0, desired);
        var toUpdate = desired - partition;
        var status = state switch
        {
            _ when NotObserved(state.Generation, state.ObservedGeneration) => RolloutStatus.Unhealthy(
                NotObservedReason(state.Generation, state.ObservedGeneration)),
            _ when (state.ReadyReplicas ?? 0) != desired => RolloutStatus.Unhealthy(
                $"{state.ReadyReplicas ?? 0} of {desired} pods ready"),
            { OnDelete: true } => RolloutStatus.Healthy,
            _ when (state.UpdatedReplicas ?? 0) < toUpdate => RolloutStatus.Unhealthy(partition > 0
                ? $"{state.UpdatedReplicas ?? 0} of {toUpdate} pods at or above partition {partition} updated"
                : $"{state.UpdatedReplicas ?? 0} of {desired} pods updated"),
            _ when partition == 0 && desired > 0 && state.CurrentRevision != state.UpdateRevision => RolloutStatus.Unhealthy(
                $"the rolling update to revision {state.UpdateRevision} is not complete (current: {state.CurrentRevision})"),
            _ => RolloutStatus.Healthy,
        };
        return status with { FinishesByItself = !state.OnDelete, PodsInSequence = Math.Max(toUpdate, 1) };
    }

    private static string NotObservedReason(long? generation, long? observedGeneration) =>
        $"generation {generation ?? 0} is not yet observed (observed: {observedGeneration?.ToString(CultureInfo.InvariantCulture) ?? "none"})";

    private static bool NotObserved(long? generation, long? observedGeneration) =>
        observedGeneration is null || observedGeneration < (generation ?? 0);
}
