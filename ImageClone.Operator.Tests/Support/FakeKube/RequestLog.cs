namespace ImageClone.Tests.Support.FakeKube;

/// <summary>The answered requests, in order, with a way to await one that has not happened yet.</summary>
internal sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    public void Add(RecordedRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
            _changed.TrySetResult();
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    public async Task<RecordedRequest> WaitForAsync(Func<RecordedRequest, bool> predicate, TimeSpan timeout)
    {
        using var bound = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_requests.FirstOrDefault(predicate) is { } found)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching request within {timeout}; seen: "
                    + string.Join(", ", Snapshot().Select(r => $"{r.Verb} {r.Path} {r.StatusCode}")));
            }
        }
    }
}
