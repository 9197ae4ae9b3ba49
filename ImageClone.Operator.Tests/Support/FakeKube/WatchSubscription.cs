using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>One open watch stream: the filter it watches through and the lines waiting to be written.</summary>
internal sealed class WatchSubscription(KubeResource resource, ObjectFilter filter, bool allowBookmarks) : IDisposable
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _dropped = new();

    public ChannelReader<string> Lines => _lines.Reader;

    public CancellationToken Dropped => _dropped.Token;

    public void Offer(StoredChange change)
    {
        if (change.Resource != resource)
        {
            return;
        }

        var type = TypeSeenThroughFilter(change);
        if (type is not null)
        {
            Send(type, change.Object);
        }
    }

    public void OfferAdded(JsonObject current) => Send("ADDED", current);

    public void OfferBookmark(long resourceVersion)
    {
        if (allowBookmarks)
        {
            Send("BOOKMARK", new JsonObject
            {
                ["kind"] = resource.Kind,
                ["apiVersion"] = resource.GroupVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
        }
    }

    public void Fail(KubeApiException error)
    {
        Send("ERROR", error.ToStatus());
        _lines.Writer.TryComplete();
    }

    public void Drop() => _dropped.Cancel();

    public void Dispose() => _dropped.Dispose();

    // A real server turns a change that moves an object into or out of the filter into ADDED or DELETED.
    private string? TypeSeenThroughFilter(StoredChange change)
    {
        var matchesNow = filter.Matches(change.Object);
        var matchedBefore = change.Previous is not null && filter.Matches(change.Previous);
        return (change.Type, matchedBefore, matchesNow) switch
        {
            ("MODIFIED", true, false) => "DELETED",
            ("MODIFIED", false, true) => "ADDED",
            ("MODIFIED", false, false) => null,
            (_, _, true) => change.Type,
            _ => null,
        };
    }

    private void Send(string type, JsonObject obj) =>
        _lines.Writer.TryWrite(new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString(WireJson.Options));
}
