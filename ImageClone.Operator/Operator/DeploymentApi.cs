using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Operator;

internal sealed class DeploymentApi(IKubernetes client) : IEntityApi<V1Deployment>
{
    public async Task<EntityList<V1Deployment>> ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: cancellationToken);
        return new(list.Items.ToList(), list.Metadata.ResourceVersion);
    }

    public IAsyncEnumerable<(WatchEventType Type, V1Deployment Entity)> WatchAsync(
        string resourceVersion, bool allowBookmarks, int timeoutSeconds, CancellationToken cancellationToken) =>
        client.AppsV1.WatchListDeploymentForAllNamespacesAsync(
            resourceVersion: resourceVersion,
            allowWatchBookmarks: allowBookmarks,
            timeoutSeconds: timeoutSeconds,
            onError: WatchErrors.Throw,
            cancellationToken: cancellationToken);

    public async Task<V1Deployment?> GetAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.AppsV1.ReadNamespacedDeploymentAsync(name, @namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (WatchErrors.IsNotFound(e))
        {
            return null;
        }
    }
}
