using System.Runtime.CompilerServices;

namespace ImageClone.Operator;

/// <summary>
/// A work queue with controller-runtime semantics: a key waiting in the queue absorbs further
/// events for it; a key being processed is never handed out again until <see cref="Done"/>, and an
/// event arriving meanwhile makes it run once more afterwards; delayed requeues and per-key
/// failure backoff run on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class EntityQueue(TimeProvider time, ExponentialBackoff backoff, Action<int>? depthChanged = null) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<EntityKey> _ready = new();
    private readonly HashSet<EntityKey> _dirty = [];
    private readonly HashSet<EntityKey> _processing = [];
    private readonly Dictionary<EntityKey, ITimer> _delayed = [];
    private readonly Dictionary<EntityKey, int> _failures = [];
    private readonly SemaphoreSlim _available = new(0);
    private bool _disposed;

    /// <summary>Keys ready to be processed and not yet picked up by a worker.</summary>
    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count;
            }
        }
    }

    /// <summary>Keys handed to a worker and not yet <see cref="Done"/>.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
            {
                return _processing.Count;
            }
        }
    }

    public void Enqueue(EntityKey key)
    {
        lock (_gate)
        {
            if (_disposed || !_dirty.Add(key) || _processing.Contains(key))
            {
                return;
            }

            _ready.Enqueue(key);
            _available.Release();
            depthChanged?.Invoke(_ready.Count);
        }
    }

    public async Task<EntityKey> DequeueAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken);
        lock (_gate)
        {
            var key = _ready.Dequeue();
            _dirty.Remove(key);
            _processing.Add(key);
            depthChanged?.Invoke(_ready.Count);
            return key;
        }
    }

    /// <summary>Ends processing of <paramref name="key"/>; if it changed meanwhile it is queued again.</summary>
    public void Done(EntityKey key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (_disposed || !_dirty.Contains(key))
            {
                return;
            }

            _ready.Enqueue(key);
            _available.Release();
            depthChanged?.Invoke(_ready.Count);
        }
    }

    /// <summary>A plain delay: resets the key's failure backoff and replaces any pending requeue.</summary>
    public void RequeueAfter(EntityKey key, TimeSpan delay)
    {
        lock (_gate)
        {
            _failures.Remove(key);
            Schedule(key, delay);
        }
    }

    /// <summary>A failure: requeues after the key's next backoff step and returns that delay.</summary>
    public TimeSpan RequeueWithBackoff(EntityKey key)
    {
        lock (_gate)
        {
            var failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
            var delay = backoff.ForAttempt(failures);
            Schedule(key, delay);
            return delay;
        }
    }

    /// <summary>The key needs nothing more: its backoff and any pending requeue are dropped.</summary>
    public void Forget(EntityKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
            CancelDelayed(key);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var timer in _delayed.Values)
            {
                timer.Dispose();
            }

            _delayed.Clear();
        }
    }

    private void Schedule(EntityKey key, TimeSpan delay)
    {
        CancelDelayed(key);
        if (_disposed)
        {
            return;
        }

        if (delay <= TimeSpan.Zero)
        {
            Enqueue(key);
            return;
        }

        var slot = new StrongBox<ITimer?>();
        slot.Value = time.CreateTimer(_ => Fire(key, slot), null, delay, Timeout.InfiniteTimeSpan);
        _delayed[key] = slot.Value;
    }

    private void Fire(EntityKey key, StrongBox<ITimer?> slot)
    {
        lock (_gate)
        {
            // A timer replaced or cancelled after it began firing must not requeue.
            if (!_delayed.TryGetValue(key, out var current) || !ReferenceEquals(current, slot.Value))
            {
                return;
            }

            _delayed.Remove(key);
            current.Dispose();
        }

        Enqueue(key);
    }

    private void CancelDelayed(EntityKey key)
    {
        if (_delayed.Remove(key, out var timer))
        {
            timer.Dispose();
        }
    }
}
