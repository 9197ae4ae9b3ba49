namespace ImageClone.Operator;

/// <summary>Runs every registered controller until cancelled, tracking when all their watches have synced.</summary>
internal sealed class ControllerHost(IEnumerable<IControllerRunner> runners, OperatorState state)
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var all = runners.ToList();
        state.BeginSync(all.Count);
        return Task.WhenAll(all.Select(r => r.RunAsync(state.WatcherSynced, cancellationToken)));
    }
}
