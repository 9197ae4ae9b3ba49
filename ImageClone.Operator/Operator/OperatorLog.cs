namespace ImageClone.Operator;

internal static partial class OperatorLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Watch of {Kind} ended; re-watching from resourceVersion {ResourceVersion}")]
    public static partial void WatchEnded(this ILogger logger, string kind, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Kind} expired at resourceVersion {ResourceVersion} (410 Gone); listing again")]
    public static partial void WatchExpired(this ILogger logger, string kind, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Kind} failed; re-watching from resourceVersion {ResourceVersion} in {Delay}")]
    public static partial void WatchFailed(this ILogger logger, Exception error, string kind, string resourceVersion, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing {Kind} failed; retrying in {Delay}")]
    public static partial void ListFailed(this ILogger logger, Exception error, string kind, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile of {Kind} {Key} failed: {Reason}")]
    public static partial void ReconcileFailed(this ILogger logger, Exception? error, string kind, EntityKey key, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile of {Kind} {Key} threw")]
    public static partial void ReconcileThrew(this ILogger logger, Exception error, string kind, EntityKey key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retrying {Kind} {Key} in {Delay}")]
    public static partial void RetryScheduled(this ILogger logger, string kind, EntityKey key, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Leader election round on lease {Namespace}/{Lease} failed")]
    public static partial void ElectionRoundFailed(this ILogger logger, Exception? error, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Operator} leading as {Identity}: starting controllers")]
    public static partial void StartedLeading(this ILogger logger, string @operator, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease {Namespace}/{Lease} not renewed for {RenewDeadline}: reconciles paused, caches and copies kept, until the lease answers")]
    public static partial void LeadershipSuspended(this ILogger logger, string @namespace, string lease, TimeSpan renewDeadline);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease {Namespace}/{Lease} renewed again after {Paused}, still this replica's: reconciles resumed in the same term")]
    public static partial void LeadershipResumed(this ILogger logger, string @namespace, string lease, TimeSpan paused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease {Namespace}/{Lease} no longer this replica's after {Paused} without renewal: ending the term")]
    public static partial void LeadershipNotRegained(this ILogger logger, string @namespace, string lease, TimeSpan paused);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released lease {Namespace}/{Lease} for the next replica")]
    public static partial void ReleasedLease(this ILogger logger, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release lease {Namespace}/{Lease}; it will expire instead")]
    public static partial void ReleaseFailed(this ILogger logger, Exception error, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped leading: controllers stopped")]
    public static partial void StoppedLeading(this ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Following leader {Holder}")]
    public static partial void FollowingLeader(this ILogger logger, string holder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Controllers stopped with an error")]
    public static partial void ControllersFailed(this ILogger logger, Exception error);
}
