using Prometheus;

namespace ImageClone.Mirroring;

/// <summary>Mirroring's Prometheus metrics. Labels are bounded (kind, reason): never a namespace, name, image or credential.</summary>
public static class MirrorMetrics
{
    public static readonly Counter ImagesCopied = Metrics.CreateCounter(
        "imageclone_images_copied_total", "Images pushed to the mirror repository (not counting those already there).");

    public static readonly Counter BytesCopied = Metrics.CreateCounter(
        "imageclone_copied_bytes_total", "Blob bytes pushed to the mirror repository.");

    public static readonly Histogram CopyDuration = Metrics.CreateHistogram(
        "imageclone_image_copy_duration_seconds", "Time to copy one image (or find it already copied).",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.05, 2, 14) });

    public static readonly Counter CopyFailures = Metrics.CreateCounter(
        "imageclone_image_copy_failures_total", "Images that could not be copied, by reason.",
        new CounterConfiguration { LabelNames = ["reason"] });

    public static readonly Counter WorkloadsRewritten = PerKind(Metrics.CreateCounter(
        "imageclone_workloads_rewritten_total", "Workloads pointed at their mirrored images.",
        new CounterConfiguration { LabelNames = ["kind"] }));

    public static readonly Counter RewritesReverted = PerKind(Metrics.CreateCounter(
        "imageclone_rewrites_reverted_total", "Rewrites undone because the rollout they started failed.",
        new CounterConfiguration { LabelNames = ["kind"] }));

    public static readonly Counter CopiesRestored = Metrics.CreateCounter(
        "imageclone_copies_restored_total", "Copies found missing from the mirror on re-check and copied again from their source.");

    public static readonly Counter CopiesMissing = Metrics.CreateCounter(
        "imageclone_copies_missing_total", "Copies found missing from the mirror on re-check that could not be copied again (the source lost them too).");

    public static readonly Counter WorkloadsSkipped = PerKind(Metrics.CreateCounter(
        "imageclone_workloads_skipped_total", "Reconciles of workloads out of scope (excluded namespace or opted out).",
        new CounterConfiguration { LabelNames = ["kind"] }));

    public static readonly Counter WorkloadsWaiting = PerKind(Metrics.CreateCounter(
        "imageclone_workloads_waiting_for_rollout_total", "Reconciles that held a rewrite back until the rollout is healthy.",
        new CounterConfiguration { LabelNames = ["kind"] }));

    /// <summary>The <c>reason</c> label of <see cref="CopyFailures"/> for a failure that is not a registry's.</summary>
    public const string InvalidImageReason = "InvalidImage";

    public const string OtherReason = "Other";

    /// <summary>The <c>reason</c> label of <see cref="CopyFailures"/> for a private image kept out of a public (or possibly public) repository.</summary>
    public const string WouldBePublicReason = "WouldBePublic";

    /// <summary>
    /// The <c>reason</c> label of <see cref="CopyFailures"/> when no pin keeps every node able to run the workload: the
    /// source tag is gone and the pods run one platform of an image the workload may run elsewhere.
    /// </summary>
    public const string NoSafePinReason = "NoSafePin";

    /// <summary>
    /// Registers every metric of this class now (a static field read runs all their initializers), so a replica that
    /// just started exposes them all, per-kind series at 0, before its first reconcile.
    /// </summary>
    public static void Register() => GC.KeepAlive(RewritesReverted);

    /// <summary>
    /// Publishes a counter's series of every workload kind at 0, so its first event is an increase Prometheus sees
    /// (<c>increase()</c> over a series that appears at 1 is 0, and an alert on it would never fire).
    /// </summary>
    private static Counter PerKind(Counter counter)
    {
        foreach (var kind in Enum.GetNames<WorkloadKind>())
        {
            counter.WithLabels(kind);
        }

        return counter;
    }
}
