using ImageClone.Operator;
using k8s.LeaderElection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageClone.Tests.Operator;

/// <summary>One operator replica: a <see cref="LeaderElectionService"/> campaigning on a shared in-memory lease.</summary>
internal sealed class Replica : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly LeaderElectionService _service;

    public Replica(InMemoryLease lease, string identity, ConcurrencyProbe probe, bool enableLeaderElection = true, TimeProvider? time = null)
    {
        Runner = new RecordingRunner(probe);
        var settings = new OperatorSettings
        {
            EnableLeaderElection = enableLeaderElection,
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromSeconds(1),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        };
        _services = new ServiceCollection().AddSingleton<ILock>(new InMemoryLeaseLock(lease, identity)).BuildServiceProvider();
        _service = new LeaderElectionService(
            settings, new ControllerHost([Runner], State), Gate, State, new OperatorMetrics(), _services, time ?? TimeProvider.System, NullLogger<LeaderElectionService>.Instance);
    }

    public OperatorState State { get; } = new();

    public LeadershipGate Gate { get; } = new();

    public RecordingRunner Runner { get; }

    public Task StartAsync() => _service.StartAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        _service.Dispose();
        await _services.DisposeAsync();
    }
}
