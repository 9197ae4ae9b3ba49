using System.Globalization;
using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>
/// Every object the server holds, as JSON, under one global resourceVersion counter.
/// Each committed write is published to the watch hub inside the lock (so watches see changes in order)
/// and then reported through <see cref="Committed"/> outside it.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(KubeResource Resource, string Namespace, string Name), JsonObject> _objects = [];
    private readonly WatchHub _hub = new();
    private long _resourceVersion = 100;

    public event Action<StoredChange>? Committed;

    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public JsonObject? Get(KubeResource resource, string ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue((resource, ns, name), out var found) ? (JsonObject)found.DeepClone() : null;
        }
    }

    public (List<JsonObject> Items, long ResourceVersion) List(KubeResource resource, ObjectFilter filter)
    {
        lock (_gate)
        {
            var items = _objects
                .Where(o => o.Key.Resource == resource && filter.Matches(o.Value))
                .OrderBy(o => o.Key.Namespace, StringComparer.Ordinal)
                .ThenBy(o => o.Key.Name, StringComparer.Ordinal)
                .Select(o => (JsonObject)o.Value.DeepClone())
                .ToList();
            return (items, _resourceVersion);
        }
    }

    public JsonObject Create(KubeResource resource, JsonObject obj)
    {
        StoredChange change;
        lock (_gate)
        {
            var key = KeyOf(resource, obj);
            if (_objects.ContainsKey(key))
            {
                throw KubeApiException.AlreadyExists(resource, key.Name);
            }

            change = Commit(resource, key, "ADDED", obj, previous: null);
        }

        Committed?.Invoke(change);
        return (JsonObject)change.Object.DeepClone();
    }

    /// <summary>Read-modify-write under the lock; a change that leaves the object as it was is not a write.</summary>
    public JsonObject Update(KubeResource resource, string ns, string name, Func<JsonObject, JsonObject> mutate)
    {
        StoredChange change;
        lock (_gate)
        {
            var key = (resource, ns, name);
            if (!_objects.TryGetValue(key, out var stored))
            {
                throw KubeApiException.NotFound(resource, name);
            }

            var next = mutate((JsonObject)stored.DeepClone());
            next["metadata"]!["resourceVersion"] = stored["metadata"]!["resourceVersion"]!.DeepClone();
            if (JsonNode.DeepEquals(next, stored))
            {
                return (JsonObject)stored.DeepClone();
            }

            change = Commit(resource, key, "MODIFIED", next, stored);
        }

        Committed?.Invoke(change);
        return (JsonObject)change.Object.DeepClone();
    }

    /// <summary>Deletes an object; <paramref name="precondition"/> sees it first and may refuse by throwing.</summary>
    public JsonObject Delete(KubeResource resource, string ns, string name, Action<JsonObject>? precondition = null)
    {
        StoredChange change;
        lock (_gate)
        {
            var key = (resource, ns, name);
            if (!_objects.TryGetValue(key, out var stored))
            {
                throw KubeApiException.NotFound(resource, name);
            }

            precondition?.Invoke(stored);
            _objects.Remove(key);

            var deleted = (JsonObject)stored.DeepClone();
            deleted["metadata"]!["resourceVersion"] = Next();
            change = new StoredChange(_resourceVersion, "DELETED", resource, deleted, stored);
            _hub.Publish(change);
        }

        Committed?.Invoke(change);
        return (JsonObject)change.Object.DeepClone();
    }

    /// <summary>Opens a watch: replays changes after <paramref name="fromResourceVersion"/>, or (null) sends ADDED for what exists now.</summary>
    public WatchSubscription Watch(KubeResource resource, ObjectFilter filter, long? fromResourceVersion, bool allowBookmarks)
    {
        var subscription = new WatchSubscription(resource, filter, allowBookmarks);
        lock (_gate)
        {
            if (fromResourceVersion is null)
            {
                foreach (var current in List(resource, filter).Items)
                {
                    subscription.OfferAdded(current);
                }
            }

            _hub.Open(subscription, fromResourceVersion ?? _resourceVersion);
        }

        return subscription;
    }

    public void CloseWatch(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _hub.Close(subscription);
        }
    }

    public void Bookmark(WatchSubscription? only = null)
    {
        lock (_gate)
        {
            _hub.Bookmark(_resourceVersion, only);
        }
    }

    /// <summary>Acts as a compaction: every resourceVersion before now is too old to watch from.</summary>
    public void ExpireWatches()
    {
        lock (_gate)
        {
            Next();
            _hub.Expire(_resourceVersion);
        }
    }

    public void DropWatches()
    {
        lock (_gate)
        {
            _hub.DropAll();
        }
    }

    private StoredChange Commit(KubeResource resource, (KubeResource, string, string) key, string type, JsonObject obj, JsonObject? previous)
    {
        var stored = (JsonObject)obj.DeepClone();
        stored["metadata"]!["resourceVersion"] = Next();
        _objects[key] = stored;
        var change = new StoredChange(_resourceVersion, type, resource, (JsonObject)stored.DeepClone(), previous);
        _hub.Publish(change);
        return change;
    }

    private string Next() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);

    private static (KubeResource Resource, string Namespace, string Name) KeyOf(KubeResource resource, JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject;
        return (resource, metadata?["namespace"]?.GetValue<string>() ?? "", metadata?["name"]?.GetValue<string>() ?? "");
    }
}
