using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>
/// Which <see cref="IEntityApi{TEntity}"/> serves each entity type: list and watch across all
/// namespaces (lists in pages of <c>pageSize</c>; the watch's onError throws, so a 410 ERROR event is seen, not
/// swallowed). A new entity type is one entry here.
/// </summary>
internal static class EntityApiRegistry
{
    private static readonly Dictionary<Type, Func<IKubernetes, int, object>> Factories = new()
    {
        [typeof(V1Deployment)] = (client, pageSize) => new EntityApi<V1Deployment>(
            ct => PagedList.AllAsync(
                async (next, token) =>
                {
                    var page = await client.AppsV1.ListDeploymentForAllNamespacesAsync(continueParameter: next, limit: pageSize, cancellationToken: token);
                    return (page.Items, page.Metadata);
                },
                ct),
            (rv, bookmarks, timeout, ct) => client.AppsV1.WatchListDeploymentForAllNamespacesAsync(
                resourceVersion: rv, allowWatchBookmarks: bookmarks, timeoutSeconds: timeout, onError: WatchErrors.Throw, cancellationToken: ct)),
        [typeof(V1DaemonSet)] = (client, pageSize) => new EntityApi<V1DaemonSet>(
            ct => PagedList.AllAsync(
                async (next, token) =>
                {
                    var page = await client.AppsV1.ListDaemonSetForAllNamespacesAsync(continueParameter: next, limit: pageSize, cancellationToken: token);
                    return (page.Items, page.Metadata);
                },
                ct),
            (rv, bookmarks, timeout, ct) => client.AppsV1.WatchListDaemonSetForAllNamespacesAsync(
                resourceVersion: rv, allowWatchBookmarks: bookmarks, timeoutSeconds: timeout, onError: WatchErrors.Throw, cancellationToken: ct)),
        [typeof(V1StatefulSet)] = (client, pageSize) => new EntityApi<V1StatefulSet>(
            ct => PagedList.AllAsync(
                async (next, token) =>
                {
                    var page = await client.AppsV1.ListStatefulSetForAllNamespacesAsync(continueParameter: next, limit: pageSize, cancellationToken: token);
                    return (page.Items, page.Metadata);
                },
                ct),
            (rv, bookmarks, timeout, ct) => client.AppsV1.WatchListStatefulSetForAllNamespacesAsync(
                resourceVersion: rv, allowWatchBookmarks: bookmarks, timeoutSeconds: timeout, onError: WatchErrors.Throw, cancellationToken: ct)),
    };

    public static IEntityApi<TEntity>? For<TEntity>(IKubernetes client, int pageSize = OperatorSettings.DefaultListPageSize)
        where TEntity : IKubernetesObject<V1ObjectMeta> =>
        Factories.TryGetValue(typeof(TEntity), out var factory) ? (IEntityApi<TEntity>)factory(client, pageSize) : null;

    public static bool Serves(Type entityType) => Factories.ContainsKey(entityType);
}
