using System.Runtime.CompilerServices;

namespace ImageClone.Operator;

/// <summary>
/// A work queue with controller-runtime semantics: a key waiting in the queue absorbs further
/// events for it; a key being processed is never handed out again until <see cref="Done"/>, and an
/// event arriving meanwhile makes it run once more afterwards. The queue owns per-key failure
/// backoff (client-go's rate-limiting queue): <see cref="RequeueAfterFailure"/> counts a failure,
/// <see cref="ResetBackoff"/> and <see cref="Forget"/> clear the count. A key waiting for a delayed
/// requeue keeps the earliest of the times asked for (client-go's delaying queue). Time is the
/// injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class EntityQueue(TimeProvider time, ExponentialBackoff backoff, Action<int>? depthChanged = null) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<EntityKey> _ready = new();
    private readonly HashSet<EntityKey> _dirty = [];
    private readonly HashSet<EntityKey> _processing = [];
    private readonly Dictionary<EntityKey, DelayedRequeue> _delayed = [];
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

    /// <summary>A plain delay: the key's failure backoff is left as it is.</summary>
    public void RequeueAfter(EntityKey key, TimeSpan delay)
    {
        lock (_gate)
        {
            Schedule(key, delay);
        }
    }

    /// <summary>
    /// A failure: counts it against the key and requeues after <paramref name="delay"/> when given, else after the
    /// key's next backoff step; returns the delay asked for.
    /// </summary>
    public TimeSpan RequeueAfterFailure(EntityKey key, TimeSpan? delay = null)
    {
        lock (_gate)
        {
            var failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
            var wait = delay ?? backoff.ForAttempt(failures);
            Schedule(key, wait);
            return wait;
        }
    }

    /// <summary>The key succeeded: its next failure backs off from the first step again. A pending requeue stays.</summary>
    public void ResetBackoff(EntityKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
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
            foreach (var delayed in _delayed.Values)
            {
                delayed.Timer.Dispose();
            }

            _delayed.Clear();
        }
    }

    /// <summary>Queues the key after <paramref name="delay"/>, unless it already waits for an earlier time.</summary>
    private void Schedule(EntityKey key, TimeSpan delay)
    {
        if (_disposed)
        {
            return;
        }

        var due = time.GetUtcNow() + delay;
        if (_delayed.TryGetValue(key, out var pending) && pending.Due <= due)
        {
            return;
        }

        CancelDelayed(key);
        if (delay <= TimeSpan.Zero)
        {
            Enqueue(key);
            return;
        }

        var slot = new StrongBox<ITimer?>();
        slot.Value = time.CreateTimer(_ => Fire(key, slot), null, delay, Timeout.InfiniteTimeSpan);
        _delayed[key] = new DelayedRequeue(slot.Value, due);
    }

    private void Fire(EntityKey key, StrongBox<ITimer?> slot)
    {
        lock (_gate)
        {
            // A timer replaced or cancelled after it began firing must not requeue.
            if (!_delayed.TryGetValue(key, out var current) || !ReferenceEquals(current.Timer, slot.Value))
            {
                return;
            }

            _delayed.Remove(key);
            current.Timer.Dispose();
        }

        Enqueue(key);
    }

    private void CancelDelayed(EntityKey key)
    {
        if (_delayed.Remove(key, out var delayed))
        {
            delayed.Timer.Dispose();
        }
    }

    private sealed record DelayedRequeue(ITimer Timer, DateTimeOffset Due);
}
