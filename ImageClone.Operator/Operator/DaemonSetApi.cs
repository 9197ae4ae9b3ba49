using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Operator;

internal sealed class DaemonSetApi(IKubernetes client) : IEntityApi<V1DaemonSet>
{
    public async Task<EntityList<V1DaemonSet>> ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.AppsV1.ListDaemonSetForAllNamespacesAsync(cancellationToken: cancellationToken);
        return new(list.Items.ToList(), list.Metadata.ResourceVersion);
    }

    public IAsyncEnumerable<(WatchEventType Type, V1DaemonSet Entity)> WatchAsync(
        string resourceVersion, bool allowBookmarks, int timeoutSeconds, CancellationToken cancellationToken) =>
        client.AppsV1.WatchListDaemonSetForAllNamespacesAsync(
            resourceVersion: resourceVersion,
            allowWatchBookmarks: allowBookmarks,
            timeoutSeconds: timeoutSeconds,
            onError: WatchErrors.Throw,
            cancellationToken: cancellationToken);

    public async Task<V1DaemonSet?> GetAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.AppsV1.ReadNamespacedDaemonSetAsync(name, @namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (WatchErrors.IsNotFound(e))
        {
            return null;
        }
    }
}
