using System.Collections.Concurrent;
using ImageClone.Operator;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.Operator;

/// <summary>An in-memory <see cref="IEntityApi{TEntity}"/>: lists what the test put in, hands out scripted watches.</summary>
internal sealed class FakeDeploymentApi : IEntityApi<V1Deployment>
{
    private readonly ConcurrentQueue<Exception> _listFailures = new();
    private volatile EntityList<V1Deployment> _list = new([], "1");
    private int _listCalls;

    public ConcurrentQueue<FakeWatch> Watches { get; } = new();

    public int ListCalls => Volatile.Read(ref _listCalls);

    public FakeWatch LatestWatch => Watches.Last();

    public void SetList(string resourceVersion, params V1Deployment[] items) => _list = new(items, resourceVersion);

    public void FailNextList(Exception error) => _listFailures.Enqueue(error);

    public Task<EntityList<V1Deployment>> ListAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listCalls);
        return _listFailures.TryDequeue(out var error) ? Task.FromException<EntityList<V1Deployment>>(error) : Task.FromResult(_list);
    }

    public IAsyncEnumerable<(WatchEventType Type, V1Deployment Entity)> WatchAsync(
        string resourceVersion, bool allowBookmarks, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var watch = new FakeWatch(resourceVersion, allowBookmarks, timeoutSeconds);
        Watches.Enqueue(watch);
        return watch.StreamAsync(cancellationToken);
    }
}
