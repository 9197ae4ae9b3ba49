using ImageClone.Operator;

namespace ImageClone.Tests.Operator;

/// <summary>Stands in for a controller's watch and workers: syncs at once, then works until cancelled.</summary>
internal sealed class RecordingRunner(ConcurrencyProbe probe) : IControllerRunner
{
    private int _starts;
    private int _running;

    public int Starts => Volatile.Read(ref _starts);

    public bool Running => Volatile.Read(ref _running) == 1;

    public CancellationToken LastToken { get; private set; }

    public async Task RunAsync(Action onSynced, CancellationToken cancellationToken)
    {
        LastToken = cancellationToken;
        Interlocked.Increment(ref _starts);
        Volatile.Write(ref _running, 1);
        probe.Enter();
        try
        {
            onSynced();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            probe.Exit();
            Volatile.Write(ref _running, 0);
        }
    }
}
