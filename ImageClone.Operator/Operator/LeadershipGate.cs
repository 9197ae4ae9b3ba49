namespace ImageClone.Operator;

/// <summary>
/// Whether the leader may act now. Open while its lease is being renewed; closed while a renewal is overdue (no
/// renewal for RenewDeadline, where client-go steps down) until the lease is found still its own. Workers wait for it
/// to open, and each reconcile runs under the token of the open spell it started in, which is cancelled the moment
/// the gate closes. Thread-safe.
/// </summary>
internal sealed class LeadershipGate : IDisposable
{
    private readonly Lock _lock = new();
    private CancellationTokenSource _spell = new();
    private TaskCompletionSource _opened = Opened();

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return !_spell.IsCancellationRequested;
            }
        }
    }

    /// <summary>Returns once the gate is open, with a token cancelled when it next closes.</summary>
    public async Task<CancellationToken> WaitOpenAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task opened;
            lock (_lock)
            {
                if (!_spell.IsCancellationRequested)
                {
                    return _spell.Token;
                }

                opened = _opened.Task;
            }

            await opened.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops new work, and cancels the work of the spell that ends.</summary>
    public void Close()
    {
        CancellationTokenSource ending;
        lock (_lock)
        {
            if (_spell.IsCancellationRequested)
            {
                return;
            }

            ending = _spell;
            _opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // outside the lock: cancellation runs the callbacks of every reconcile in flight
        ending.Cancel();
    }

    public void Open()
    {
        lock (_lock)
        {
            if (!_spell.IsCancellationRequested)
            {
                return;
            }

            // The ended spell's source stays undisposed: reconciles still finishing may hold its token.
            _spell = new CancellationTokenSource();
            _opened.TrySetResult();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _spell.Dispose();
        }
    }

    private static TaskCompletionSource Opened()
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        opened.SetResult();
        return opened;
    }
}
