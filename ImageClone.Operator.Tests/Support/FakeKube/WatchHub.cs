namespace ImageClone.Tests.Support.FakeKube;

/// <summary>The change history and the open watches it fans out to. Callers hold the store's lock, which orders changes.</summary>
internal sealed class WatchHub
{
    private readonly List<StoredChange> _history = [];
    private readonly List<WatchSubscription> _open = [];

    public long ExpiryFloor { get; private set; }

    public void Publish(StoredChange change)
    {
        _history.Add(change);
        foreach (var subscription in _open.ToList())
        {
            subscription.Offer(change);
        }
    }

    public void Open(WatchSubscription subscription, long fromResourceVersion)
    {
        if (fromResourceVersion < ExpiryFloor)
        {
            throw KubeApiException.Expired(fromResourceVersion, ExpiryFloor);
        }

        foreach (var change in _history.Where(c => c.ResourceVersion > fromResourceVersion))
        {
            subscription.Offer(change);
        }

        _open.Add(subscription);
    }

    public void Close(WatchSubscription subscription) => _open.Remove(subscription);

    public void Bookmark(long resourceVersion, WatchSubscription? only = null)
    {
        foreach (var subscription in _open.Where(s => only is null || s == only).ToList())
        {
            subscription.OfferBookmark(resourceVersion);
        }
    }

    public void Expire(long floor)
    {
        ExpiryFloor = floor;
        foreach (var subscription in _open.ToList())
        {
            subscription.Fail(KubeApiException.Expired(floor - 1, floor));
        }
    }

    public void DropAll()
    {
        foreach (var subscription in _open.ToList())
        {
            subscription.Drop();
        }
    }
}
