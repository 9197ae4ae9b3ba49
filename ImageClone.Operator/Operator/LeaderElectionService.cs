using k8s.LeaderElection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageClone.Operator;

/// <summary>
/// Runs the controllers only while this replica holds the leader Lease (or always, with leader
/// election off). Losing the lease cancels the work at once; the replica then campaigns again.
/// </summary>
internal sealed class LeaderElectionService(
    OperatorSettings settings,
    ControllerHost host,
    OperatorState state,
    OperatorMetrics metrics,
    IServiceProvider services,
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
        while (!stoppingToken.IsCancellationRequested)
        {
            await CampaignAsync(leaseLock, stoppingToken);
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

    /// <summary>One campaign: wait for the lease, work while holding it, return once it is lost.</summary>
    private async Task CampaignAsync(ILock leaseLock, CancellationToken stoppingToken)
    {
        // Cancelled after the term ends: LeaderElector leaves its renew loop running past the deadline,
        // and a late renewal would hold the lease for a replica that no longer works.
        using var campaign = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = settings.LeaseDuration,
            RenewDeadline = settings.RenewDeadline,
            RetryPeriod = settings.RetryPeriod,
        });
        var running = Task.CompletedTask;
        var led = false;
        elector.OnStartedLeading += () =>
        {
            led = true;
            StartedLeading(leaseLock.Identity);
            running = Task.Run(() => host.RunAsync(work.Token), CancellationToken.None);
        };
        elector.OnStoppedLeading += () =>
        {
            work.Cancel();
            StoppedLeading();
        };
        elector.OnNewLeader += holder => ObservedLeader(holder, leaseLock.Identity);
        elector.OnError += e => logger.ElectionRoundFailed(e, settings.Namespace, settings.LeaseName);

        try
        {
            await elector.RunUntilLeadershipLostAsync(campaign.Token);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.ElectionFailed(e, settings.Namespace, settings.LeaseName);
            await DelayUnlessStopping(settings.RetryPeriod, stoppingToken);
        }
        finally
        {
            await campaign.CancelAsync();
            await work.CancelAsync();
            await EndWorkAsync(running);
            if (led && stoppingToken.IsCancellationRequested)
            {
                await ReleaseAsync(leaseLock);
            }
        }
    }

    /// <summary>
    /// On shutdown, hands the lease back (client-go's ReleaseOnCancel) once the controllers have stopped, so the
    /// next replica leads at once instead of waiting out the lease duration.
    /// </summary>
    private async Task ReleaseAsync(ILock leaseLock)
    {
        using var timeout = new CancellationTokenSource(settings.RenewDeadline);
        try
        {
            var record = await leaseLock.GetAsync(timeout.Token);
            if (record.HolderIdentity != leaseLock.Identity)
            {
                return;
            }

            var now = DateTime.UtcNow;
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

    private static async Task DelayUnlessStopping(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
