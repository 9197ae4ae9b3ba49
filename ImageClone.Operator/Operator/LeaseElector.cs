using System.Net;
using k8s.Autorest;
using k8s.LeaderElection;

namespace ImageClone.Operator;

/// <summary>
/// client-go's leader election on a Lease: campaign every RetryPeriod until the lease is free or expired (by the
/// time this replica last saw it change, not the holder's clock); once held, renew every RetryPeriod, with client-go's
/// fast path: the holder replaces the Lease it last wrote (the lock keeps that object and its resourceVersion) without
/// reading it first, one request a renewal, and reads only when that is refused. A failed request (connection refused
/// or reset, a 5xx, a slow answer) is retried, so an API server restart shorter than RenewDeadline keeps leadership
/// unnoticed. Holding ends when another holder has the lease, or is overdue when no renewal has succeeded for
/// RenewDeadline; <see cref="RegainAsync"/> then finds out whether the lease is still this replica's.
/// </summary>
internal sealed class LeaseElector(ILock leaseLock, OperatorSettings settings, TimeProvider time, ILogger logger)
{
    private LeaderElectionRecord? _observed;
    private long _observedAt;
    private LeaderElectionRecord? _written;

    /// <summary>Why <see cref="HoldAsync"/> returned.</summary>
    public enum HoldEnd
    {
        /// <summary>Another holder has the lease, or it is gone.</summary>
        Lost,

        /// <summary>No renewal succeeded for RenewDeadline: the lease may expire for the others.</summary>
        Overdue,
    }

    /// <summary>Called while campaigning with the identity of each other holder found in the lease.</summary>
    public event Action<string>? NewLeader;

    /// <summary>Returns once this replica holds the lease.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        string? announced = null;
        Attempt attempt;
        while ((attempt = await TryAcquireOrRenewAsync(settings.LeaseDuration, cancellationToken)) is not (Attempt.Renewed or Attempt.Taken))
        {
            if (attempt == Attempt.HeldByOther && _observed?.HolderIdentity is { } holder && holder != announced)
            {
                announced = holder;
                NewLeader?.Invoke(holder);
            }

            await Task.Delay(Jittered(settings.RetryPeriod), time, cancellationToken);
        }
    }

    /// <summary>Renews the held lease until it is lost or a renewal is overdue; returns then.</summary>
    public async Task<HoldEnd> HoldAsync(CancellationToken cancellationToken)
    {
        var renewed = time.GetTimestamp();
        while (true)
        {
            await Task.Delay(settings.RetryPeriod, time, cancellationToken);
            var left = settings.RenewDeadline - time.GetElapsedTime(renewed);
            if (left <= TimeSpan.Zero)
            {
                return HoldEnd.Overdue;
            }

            switch (await TryAcquireOrRenewAsync(left, cancellationToken))
            {
                case Attempt.Renewed:
                    renewed = time.GetTimestamp();
                    break;
                case Attempt.Taken or Attempt.HeldByOther:
                    return HoldEnd.Lost;
            }
        }
    }

    /// <summary>
    /// After an overdue renewal: tries every RetryPeriod until the lease answers. True once it is renewed because it
    /// still names this replica (so no other replica held it meanwhile: only this one writes its name); false when
    /// another holder has it, it was handed back or deleted, or it could only be taken anew.
    /// </summary>
    public async Task<bool> RegainAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (await TryAcquireOrRenewAsync(settings.RenewDeadline, cancellationToken))
            {
                case Attempt.Renewed:
                    return true;
                case Attempt.Taken or Attempt.HeldByOther:
                    return false;
            }

            await Task.Delay(Jittered(settings.RetryPeriod), time, cancellationToken);
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
        if (_written is { } last)
        {
            var renewal = Record(last.AcquireTime ?? time.GetUtcNow().UtcDateTime, time.GetUtcNow().UtcDateTime, last.LeaderTransitions);
            if (await leaseLock.UpdateAsync(renewal, cancellationToken))
            {
                _written = renewal;
                return Attempt.Renewed;
            }

            // refused: someone else wrote the lease, or this replica's last write was answered too late to be known
            _written = null;
        }

        var current = await ReadAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (current is null)
        {
            return await WrittenAsync(Record(now, now, 0), create: true, cancellationToken) ? Attempt.Taken : Attempt.Failed;
        }

        Observe(current);
        var self = leaseLock.Identity;
        if (current.HolderIdentity == self)
        {
            return await WrittenAsync(Record(current.AcquireTime ?? now, now, current.LeaderTransitions), create: false, cancellationToken)
                ? Attempt.Renewed
                : Attempt.Failed;
        }

        var heldByOther = !string.IsNullOrEmpty(current.HolderIdentity);
        if (heldByOther && time.GetElapsedTime(_observedAt) < TimeSpan.FromSeconds(current.LeaseDurationSeconds))
        {
            return Attempt.HeldByOther;
        }

        return await WrittenAsync(Record(now, now, current.LeaderTransitions + 1), create: false, cancellationToken) ? Attempt.Taken : Attempt.Failed;
    }

    private async Task<bool> WrittenAsync(LeaderElectionRecord record, bool create, CancellationToken cancellationToken)
    {
        var written = create ? await leaseLock.CreateAsync(record, cancellationToken) : await leaseLock.UpdateAsync(record, cancellationToken);
        _written = written ? record : null;
        return written;
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
        /// <summary>The lease named this replica and was renewed.</summary>
        Renewed,

        /// <summary>The lease was free, expired or absent, and this replica took it.</summary>
        Taken,

        HeldByOther,
        Failed,
    }
}
