using Prometheus;

namespace ImageClone.Operator;

/// <summary>
/// The runtime's Prometheus metrics in the default registry (prometheus-net hands every instance the same
/// collectors). Labels are bounded: entity kind and result, never an object's name.
/// </summary>
internal sealed class OperatorMetrics
{
    private readonly Gauge _queueDepth = Metrics.CreateGauge(
        "operator_queue_depth", "Keys waiting for a reconcile worker.", new GaugeConfiguration { LabelNames = ["kind"] });

    private readonly Counter _reconciles = Metrics.CreateCounter(
        "operator_reconcile_total", "Reconciles finished.", new CounterConfiguration { LabelNames = ["kind", "result"] });

    private readonly Counter _reconcileErrors = Metrics.CreateCounter(
        "operator_reconcile_errors_total", "Reconciles that failed or threw.", new CounterConfiguration { LabelNames = ["kind"] });

    private readonly Histogram _reconcileDuration = Metrics.CreateHistogram(
        "operator_reconcile_duration_seconds",
        "Time spent in one reconcile.",
        new HistogramConfiguration { LabelNames = ["kind"], Buckets = Histogram.ExponentialBuckets(0.01, 4, 9) });

    private readonly Gauge _leader = Metrics.CreateGauge(
        "operator_leader", "1 while this replica holds the leader lease, else 0.");

    private readonly Counter _suspensions = Metrics.CreateCounter(
        "operator_leader_suspensions_total", "Times the leader paused its reconciles because its lease was not renewed for the renew deadline.");

    public void SetQueueDepth(string kind, int depth) => _queueDepth.WithLabels(kind).Set(depth);

    public void RecordReconcile(string kind, bool succeeded, TimeSpan duration)
    {
        _reconciles.WithLabels(kind, succeeded ? "success" : "failure").Inc();
        if (!succeeded)
        {
            _reconcileErrors.WithLabels(kind).Inc();
        }

        _reconcileDuration.WithLabels(kind).Observe(duration.TotalSeconds);
    }

    public void SetLeader(bool isLeader) => _leader.Set(isLeader ? 1 : 0);

    public void LeadershipSuspended()
    {
        _leader.Set(0);
        _suspensions.Inc();
    }
}
