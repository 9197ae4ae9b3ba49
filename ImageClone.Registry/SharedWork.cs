using System.Collections.Concurrent;

namespace ImageClone.Registry;

/// <summary>
/// Runs one piece of work per key however many callers ask for it at the same time. The work owns its
/// cancellation: a caller that gives up only stops waiting, and the work is cancelled once every caller
/// waiting for it has given up — unless <paramref name="finishWhenAbandoned"/>: then it runs to its end however many
/// are left waiting, and a caller that comes while it runs joins it. What the work reports reaches every waiter's
/// progress, joiners' too.
/// </summary>
/// <param name="finishWhenAbandoned">
/// For work worth more finished than stopped, which the next caller would only start again: an image copy whose
/// waiters were all cancelled because this replica lost its leadership is finished, not thrown away half done.
/// </param>
internal sealed class SharedWork<T, TProgress>(bool finishWhenAbandoned = false)
{
    private readonly ConcurrentDictionary<string, Run> _running = new(StringComparer.Ordinal);

    public async Task<T> RunAsync(string key, Func<IProgress<TProgress>, CancellationToken, Task<T>> work, IProgress<TProgress>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Run run;
        while (!(run = _running.GetOrAdd(key, _ => new Run(work, finishWhenAbandoned ? finished => _running.TryRemove(KeyValuePair.Create(key, finished)) : null))).TryJoin(progress))
        {
            _running.TryRemove(KeyValuePair.Create(key, run));
        }

        try
        {
            return await run.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            if (run.Leave(progress))
            {
                _running.TryRemove(KeyValuePair.Create(key, run));
            }
        }
    }

    /// <param name="finishedAlone">when set, the work itself counts as a waiter until it ends, and this removes the run once it ended with nobody left waiting</param>
    private sealed class Run(Func<IProgress<TProgress>, CancellationToken, Task<T>> work, Action<Run>? finishedAlone) : IProgress<TProgress>, IDisposable
    {
        private readonly Lock _gate = new();
        private readonly CancellationTokenSource _cancellation = new();
        private readonly List<IProgress<TProgress>> _watchers = [];
        private int _waiters;
        private bool _over;
        private Task<T>? _task;

        public Task<T> Task => _task!;

        /// <summary>False when every earlier waiter has left already: the caller starts a new run.</summary>
        public bool TryJoin(IProgress<TProgress>? progress)
        {
            lock (_gate)
            {
                if (_over)
                {
                    return false;
                }

                _waiters++;
                if (progress is not null)
                {
                    _watchers.Add(progress);
                }

                _task ??= Start();
                return true;
            }
        }

        /// <summary>True when the last waiter left: the run is over, and cancelled if it had not finished.</summary>
        public bool Leave(IProgress<TProgress>? progress)
        {
            lock (_gate)
            {
                if (progress is not null)
                {
                    _watchers.Remove(progress);
                }

                if (--_waiters > 0)
                {
                    return false;
                }

                _over = true;
            }

            if (!Task.IsCompleted)
            {
                _cancellation.Cancel();
            }

            Task.ContinueWith(_ => Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return true;
        }

        public void Dispose() => _cancellation.Dispose();

        public void Report(TProgress value)
        {
            IProgress<TProgress>[] current;
            lock (_gate)
            {
                current = [.. _watchers];
            }

            foreach (var watcher in current)
            {
                watcher.Report(value);
            }
        }

        private Task<T> Start()
        {
            var started = System.Threading.Tasks.Task.Run(() => work(this, _cancellation.Token), CancellationToken.None);
            if (finishedAlone is not null)
            {
                _waiters++;
                started.ContinueWith(
                    _ =>
                    {
                        if (Leave(null))
                        {
                            finishedAlone(this);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }

            return started;
        }
    }
}
