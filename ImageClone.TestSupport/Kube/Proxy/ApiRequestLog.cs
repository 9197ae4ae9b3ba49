namespace ImageClone.Tests.Support.Kube.Proxy;

/// <summary>The answered requests, in order, with a way to await one that has not happened yet.</summary>
internal sealed class ApiRequestLog
{
    private readonly Lock _gate = new();
    private readonly List<ApiRequest> _requests = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ApiRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    public void Add(ApiRequest request)
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

    public async Task<ApiRequest> WaitForAsync(Func<ApiRequest, bool> predicate, TimeSpan timeout)
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
                throw new TimeoutException($"no matching API request within {timeout}; seen: "
                    + string.Join(", ", Snapshot().TakeLast(40).Select(r => $"{r.Verb} {r.Path} {r.StatusCode}")));
            }
        }
    }
}
