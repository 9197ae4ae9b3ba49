using System.Net;
using k8s.Autorest;
using k8s.LeaderElection;

namespace ImageClone.Operator;

/// <summary>
/// client-go's leader election on a Lease: campaign every RetryPeriod until the lease is free or expired (by the
/// time this replica last saw it change, not the holder's clock); once held, renew every RetryPeriod and give up
/// only when no renewal has succeeded for RenewDeadline, or another holder has taken the lease. A failed request
/// (connection refused or reset, a 5xx, a slow answer) is retried, so an API server restart shorter than
/// RenewDeadline keeps leadership.
/// </summary>
internal sealed class LeaseElector(ILock leaseLock, OperatorSettings settings, TimeProvider time, ILogger logger)
{
    private LeaderElectionRecord? _observed;
    private long _observedAt;

    /// <summary>Called while campaigning with the identity of each other holder found in the lease.</summary>
    public event Action<string>? NewLeader;

    /// <summary>Returns once this replica holds the lease.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        string? announced = null;
        Attempt attempt;
        while ((attempt = await TryAcquireOrRenewAsync(settings.LeaseDuration, cancellationToken)) != Attempt.Held)
        {
            if (attempt == Attempt.HeldByOther && _observed?.HolderIdentity is { } holder && holder != announced)
            {
                announced = holder;
                NewLeader?.Invoke(holder);
            }

            await Task.Delay(Jittered(settings.RetryPeriod), time, cancellationToken);
        }
    }

    /// <summary>Renews the held lease until it is lost; returns then.</summary>
    public async Task HoldAsync(CancellationToken cancellationToken)
    {
        var renewed = time.GetTimestamp();
        while (true)
        {
            await Task.Delay(settings.RetryPeriod, time, cancellationToken);
            var left = settings.RenewDeadline - time.GetElapsedTime(renewed);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            switch (await TryAcquireOrRenewAsync(left, cancellationToken))
            {
                case Attempt.Held:
                    renewed = time.GetTimestamp();
                    break;
                case Attempt.HeldByOther:
                    return;
            }
        }
    }

    private async Task<Attempt> TryAcquireOrRenewAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(limit);
        try
        {
            return await TryOnceAsync(attempt.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.ElectionRoundFailed(e, settings.Namespace, settings.LeaseName);
            return Attempt.Failed;
        }
    }

    private async Task<Attempt> TryOnceAsync(CancellationToken cancellationToken)
    {
        var current = await ReadAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (current is null)
        {
            return await leaseLock.CreateAsync(Record(now, now, 0), cancellationToken) ? Attempt.Held : Attempt.Failed;
        }

        Observe(current);
        var self = leaseLock.Identity;
        var heldByOther = !string.IsNullOrEmpty(current.HolderIdentity) && current.HolderIdentity != self;
        if (heldByOther && time.GetElapsedTime(_observedAt) < TimeSpan.FromSeconds(current.LeaseDurationSeconds))
        {
            return Attempt.HeldByOther;
        }

        var record = current.HolderIdentity == self
            ? Record(current.AcquireTime ?? now, now, current.LeaderTransitions)
            : Record(now, now, current.LeaderTransitions + 1);
        return await leaseLock.UpdateAsync(record, cancellationToken) ? Attempt.Held : Attempt.Failed;
    }

    private async Task<LeaderElectionRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await leaseLock.GetAsync(cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Starts the expiry clock again whenever the record changes, as client-go does.</summary>
    private void Observe(LeaderElectionRecord current)
    {
        if (_observed is not null && _observed.HolderIdentity == current.HolderIdentity && _observed.RenewTime == current.RenewTime)
        {
            return;
        }

        _observed = current;
        _observedAt = time.GetTimestamp();
    }

    private LeaderElectionRecord Record(DateTime acquired, DateTime renewed, int transitions) => new()
    {
        HolderIdentity = leaseLock.Identity,
        LeaseDurationSeconds = (int)Math.Ceiling(settings.LeaseDuration.TotalSeconds),
        AcquireTime = acquired,
        RenewTime = renewed,
        LeaderTransitions = transitions,
    };

    private static TimeSpan Jittered(TimeSpan period) => period * (1 + (0.2 * Random.Shared.NextDouble()));

    private enum Attempt
    {
        Held,
        HeldByOther,
        Failed,
    }
}
