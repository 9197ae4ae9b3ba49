using k8s;
using k8s.Autorest;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>Reads a watch stream in the background so a test can await the events it expects, with a bound.</summary>
public sealed class WatchCollector<T> : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<(WatchEventType Type, T Object)> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public WatchCollector(Func<CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
    {
        _reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in watch(_stop.Token))
                {
                    lock (_gate)
                    {
                        _events.Add(item);
                        _changed.TrySetResult();
                        _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }
            }
            finally
            {
                lock (_gate)
                {
                    _changed.TrySetResult();
                }
            }
        });
    }

    public IReadOnlyList<(WatchEventType Type, T Object)> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Ends when the stream ends: normally, or faulted with what the client threw.</summary>
    public Task Completion => _reading;

    /// <summary>Waits until the events seen satisfy <paramref name="condition"/>; fails with what was seen after the timeout or when the stream ended first.</summary>
    public async Task<IReadOnlyList<(WatchEventType Type, T Object)>> WaitForAsync(
        Func<IReadOnlyList<(WatchEventType Type, T Object)>, bool> condition, TimeSpan? timeout = null)
    {
        using var bound = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition(_events))
                {
                    return [.. _events];
                }

                changed = _changed.Task;
            }

            if (_reading.IsCompleted)
            {
                await _reading;
                throw new InvalidOperationException($"the watch ended after: {Describe()}");
            }

            try
            {
                await changed.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"watch events seen: {Describe()}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException or HttpOperationException or KubernetesException)
        {
            // how a stream ends when the test cancels it or the server failed it is asserted by the tests that care
        }

        _stop.Dispose();
    }

    private string Describe() => string.Join(", ", Events.Select(e => e.Type));
}
