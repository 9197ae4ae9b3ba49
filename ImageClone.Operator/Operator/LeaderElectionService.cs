using k8s.LeaderElection;

namespace ImageClone.Operator;

/// <summary>
/// Runs the controllers only while this replica holds the leader Lease (or always, with leader
/// election off), elected by <see cref="LeaseElector"/>. Losing the lease cancels the work at once; the replica
/// then campaigns again. A renewal overdue (the API server unreachable for RenewDeadline, a restart) only closes the
/// <see cref="LeadershipGate"/>: reconciles stop and those in flight are cancelled and queued again, as client-go's
/// step-down would stop them, but the term's caches, queue and copies are kept. When the lease answers again and
/// still names this replica, no other replica held it meanwhile, and the same term goes on; otherwise it ends.
/// </summary>
internal sealed class LeaderElectionService(
    OperatorSettings settings,
    ControllerHost host,
    LeadershipGate gate,
    OperatorState state,
    OperatorMetrics metrics,
    IServiceProvider services,
    TimeProvider time,
    ILogger<LeaderElectionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.EnableLeaderElection)
        {
            await RunWithoutElectionAsync(stoppingToken);
            return;
        }

        var leaseLock = services.GetRequiredService<ILock>();
        var elector = new LeaseElector(leaseLock, settings, time, logger);
        elector.NewLeader += holder => ObservedLeader(holder, leaseLock.Identity);
        while (!stoppingToken.IsCancellationRequested)
        {
            await CampaignAsync(elector, leaseLock, stoppingToken);
        }
    }

    private async Task RunWithoutElectionAsync(CancellationToken stoppingToken)
    {
        StartedLeading("the only replica (leader election disabled)");
        try
        {
            await host.RunAsync(stoppingToken);
        }
        finally
        {
            StoppedLeading();
        }
    }

    /// <summary>One term: wait for the lease, work while holding it, return once it is lost (or on shutdown).</summary>
    private async Task CampaignAsync(LeaseElector elector, ILock leaseLock, CancellationToken stoppingToken)
    {
        try
        {
            await elector.AcquireAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        gate.Open();
        StartedLeading(leaseLock.Identity);
        var running = Task.Run(() => host.RunAsync(work.Token), CancellationToken.None);
        try
        {
            while (await elector.HoldAsync(stoppingToken) == LeaseElector.HoldEnd.Overdue && await SuspendedAsync(elector, stoppingToken))
            {
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await work.CancelAsync();
            StoppedLeading();
            await EndWorkAsync(running);
            if (stoppingToken.IsCancellationRequested)
            {
                await ReleaseAsync(leaseLock);
            }
        }
    }

    /// <summary>With the gate closed until the lease answers: true when it is still this replica's and the term goes on.</summary>
    private async Task<bool> SuspendedAsync(LeaseElector elector, CancellationToken stoppingToken)
    {
        gate.Close();
        state.SuspendLeadership();
        metrics.LeadershipSuspended();
        logger.LeadershipSuspended(settings.Namespace, settings.LeaseName, settings.RenewDeadline);
        var since = time.GetTimestamp();
        var regained = await elector.RegainAsync(stoppingToken);
        var paused = time.GetElapsedTime(since);
        if (!regained)
        {
            logger.LeadershipNotRegained(settings.Namespace, settings.LeaseName, paused);
            return false;
        }

        gate.Open();
        state.ResumeLeadership();
        metrics.SetLeader(true);
        logger.LeadershipResumed(settings.Namespace, settings.LeaseName, paused);
        return true;
    }

    /// <summary>
    /// On shutdown, hands the lease back (client-go's ReleaseOnCancel) once the controllers have stopped, so the
    /// next replica leads at once instead of waiting out the lease duration.
    /// </summary>
    private async Task ReleaseAsync(ILock leaseLock)
    {
        using var timeout = new CancellationTokenSource(settings.RenewDeadline, time);
        try
        {
            var record = await leaseLock.GetAsync(timeout.Token);
            if (record.HolderIdentity != leaseLock.Identity)
            {
                return;
            }

            var now = time.GetUtcNow().UtcDateTime;
            await leaseLock.UpdateAsync(
                new LeaderElectionRecord { HolderIdentity = "", LeaseDurationSeconds = 1, AcquireTime = now, RenewTime = now, LeaderTransitions = record.LeaderTransitions },
                timeout.Token);
            logger.ReleasedLease(settings.Namespace, settings.LeaseName);
        }
        catch (Exception e)
        {
            // the lease then simply expires
            logger.ReleaseFailed(e, settings.Namespace, settings.LeaseName);
        }
    }

    private void StartedLeading(string identity)
    {
        state.BecomeLeader();
        metrics.SetLeader(true);
        logger.StartedLeading(settings.Name, identity);
    }

    private void StoppedLeading()
    {
        gate.Close();
        state.LoseLeadership();
        metrics.SetLeader(false);
        logger.StoppedLeading();
    }

    private void ObservedLeader(string holder, string self)
    {
        if (holder == self)
        {
            return;
        }

        state.ObserveOtherLeader();
        logger.FollowingLeader(holder);
    }

    private async Task EndWorkAsync(Task running)
    {
        try
        {
            await running;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.ControllersFailed(e);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
