using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>
/// A watch-fed copy of every object of one kind that controllers read instead of asking the API server, as
/// controller-runtime's cache serves a client's reads. It holds what its API hands it (trimmed there to the fields
/// readers use, so memory follows what is needed rather than the objects' full size). Reads wait until the first
/// list since this replica started leading has filled it.
/// </summary>
public sealed class ReadCache<TEntity> : IWatchSink<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, TEntity>> _byNamespace = new(StringComparer.Ordinal);
    private TaskCompletionSource _filled = NewFilled();

    /// <summary>How many objects it holds.</summary>
    public int Count => _byNamespace.Values.Sum(objects => objects.Count);

    /// <summary>The objects of <paramref name="namespace"/> that <paramref name="matches"/>, once the cache is filled.</summary>
    public async Task<IReadOnlyList<TEntity>> ListAsync(string @namespace, Func<TEntity, bool> matches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matches);
        await Volatile.Read(ref _filled).Task.WaitAsync(cancellationToken);
        return _byNamespace.TryGetValue(@namespace, out var objects) ? [.. objects.Values.Where(matches)] : [];
    }

    void IWatchSink<TEntity>.Apply(WatchEventType type, TEntity entity)
    {
        switch (type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                Put(entity);
                break;
            case WatchEventType.Deleted:
                Remove(EntityKey.For(entity));
                break;
        }
    }

    void IWatchSink<TEntity>.Replace(EntityList<TEntity> list)
    {
        var listed = new HashSet<EntityKey>();
        foreach (var entity in list.Items)
        {
            listed.Add(Put(entity));
        }

        foreach (var (@namespace, objects) in _byNamespace)
        {
            foreach (var name in objects.Keys.Where(name => !listed.Contains(new EntityKey(@namespace, name))))
            {
                Remove(new EntityKey(@namespace, name));
            }
        }

        Volatile.Read(ref _filled).TrySetResult();
    }

    /// <summary>Empties it, and makes reads wait for the next fill: what a previous leadership term saw is not trusted.</summary>
    internal void Reset()
    {
        if (Volatile.Read(ref _filled).Task.IsCompleted)
        {
            Volatile.Write(ref _filled, NewFilled());
        }

        _byNamespace.Clear();
    }

    private EntityKey Put(TEntity entity)
    {
        var key = EntityKey.For(entity);
        _byNamespace.GetOrAdd(key.Namespace, _ => new ConcurrentDictionary<string, TEntity>(StringComparer.Ordinal))[key.Name] = entity;
        return key;
    }

    private void Remove(EntityKey key)
    {
        if (_byNamespace.TryGetValue(key.Namespace, out var objects))
        {
            objects.TryRemove(key.Name, out _);
        }
    }

    private static TaskCompletionSource NewFilled() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
