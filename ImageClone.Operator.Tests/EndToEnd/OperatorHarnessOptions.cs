namespace ImageClone.Tests.EndToEnd;

/// <summary>How an <see cref="OperatorHarness"/> runs: its fake-server user, extra environment, and the shortened delays.</summary>
internal sealed record OperatorHarnessOptions
{
    /// <summary>The name the API proxy records this replica's requests under; tells replicas apart (all authenticate as the operator's service account).</summary>
    public string User { get; init; } = "imageclone";

    /// <summary>Environment variables set on top of the harness's defaults (e.g. DRY_RUN, LOG_FORMAT, LEADER_ELECTION, REGISTRY_PASSWORD).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// How long before looking again at a rollout that holds a rewrite back or that a rewrite started (production: 10 s).
    /// Failures back off in the queue, from 100 ms to 1 s here (production: 1 s to 5 min).
    /// </summary>
    public TimeSpan RolloutCheckInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a rewritten DaemonSet's rollout may take before it is reverted (production: 10 min).</summary>
    public TimeSpan DaemonSetRolloutTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long each ordinal a rewritten StatefulSet updates may take before its rollout is reverted (production: 10 min).</summary>
    public TimeSpan StatefulSetPodRolloutTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the copies of converged rewritten workloads are re-checked (production: RECHECK_INTERVAL, 1 h).</summary>
    public TimeSpan RecheckInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Leader lease times (production: 15 s / 10 s / 2 s).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Server-side timeout of each watch request (production: 5 min); short, to see watches end and reopen.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Objects per page of the watchers' lists (production: 500).</summary>
    public int ListPageSize { get; init; } = 500;

    public OperatorHarnessOptions WithEnvironment(string name, string value) =>
        this with { Environment = new Dictionary<string, string>(Environment) { [name] = value } };
}
