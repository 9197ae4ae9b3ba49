namespace ImageClone.Operator;

/// <summary>How the operator runtime watches, queues, backs off and elects its leader.</summary>
public sealed record OperatorSettings
{
    /// <summary>The operator's name in logs; callers may also use it as field manager and event source.</summary>
    public string Name { get; set; } = "imageclone";

    /// <summary>The controller's own namespace: the leader Lease lives here.</summary>
    public string Namespace { get; set; } = "imageclone-system";

    public bool EnableLeaderElection { get; set; } = true;

    public string LeaseName { get; set; } = "imageclone-leader";

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Reconciles running at once per controller, each on a different object.</summary>
    public int MaxConcurrentReconciles { get; set; } = 4;

    /// <summary>Server-side timeout of one watch request, so a silently dead watch gets replaced.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>First delay after a failed reconcile (doubling per consecutive failure) or a broken watch.</summary>
    public TimeSpan FailureBackoffBase { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan FailureBackoffCap { get; set; } = TimeSpan.FromMinutes(5);

    public const int DefaultListPageSize = 500;

    /// <summary>Objects per page when a watcher lists its entities (client-go's pager: 500).</summary>
    public int ListPageSize { get; set; } = DefaultListPageSize;
}
