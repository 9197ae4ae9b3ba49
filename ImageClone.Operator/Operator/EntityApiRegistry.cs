using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>
/// Which <see cref="IEntityApi{TEntity}"/> serves each entity type: list and watch across all
/// namespaces (the watch's onError throws, so a 410 ERROR event is seen, not swallowed), and read.
/// A new entity type is one entry here.
/// </summary>
internal static class EntityApiRegistry
{
    private static readonly Dictionary<Type, Func<IKubernetes, object>> Factories = new()
    {
        [typeof(V1Deployment)] = client => new EntityApi<V1Deployment>(
            async ct =>
            {
                var list = await client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: ct);
                return new EntityList<V1Deployment>([.. list.Items], list.Metadata.ResourceVersion);
            },
            (rv, bookmarks, timeout, ct) => client.AppsV1.WatchListDeploymentForAllNamespacesAsync(
                resourceVersion: rv, allowWatchBookmarks: bookmarks, timeoutSeconds: timeout, onError: WatchErrors.Throw, cancellationToken: ct),
            (ns, name, ct) => client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct)),
        [typeof(V1DaemonSet)] = client => new EntityApi<V1DaemonSet>(
            async ct =>
            {
                var list = await client.AppsV1.ListDaemonSetForAllNamespacesAsync(cancellationToken: ct);
                return new EntityList<V1DaemonSet>([.. list.Items], list.Metadata.ResourceVersion);
            },
            (rv, bookmarks, timeout, ct) => client.AppsV1.WatchListDaemonSetForAllNamespacesAsync(
                resourceVersion: rv, allowWatchBookmarks: bookmarks, timeoutSeconds: timeout, onError: WatchErrors.Throw, cancellationToken: ct),
            (ns, name, ct) => client.AppsV1.ReadNamespacedDaemonSetAsync(name, ns, cancellationToken: ct)),
        [typeof(V1StatefulSet)] = client => new EntityApi<V1StatefulSet>(
            async ct =>
            {
                var list = await client.AppsV1.ListStatefulSetForAllNamespacesAsync(cancellationToken: ct);
                return new EntityList<V1StatefulSet>([.. list.Items], list.Metadata.ResourceVersion);
            },
            (rv, bookmarks, timeout, ct) => client.AppsV1.WatchListStatefulSetForAllNamespacesAsync(
                resourceVersion: rv, allowWatchBookmarks: bookmarks, timeoutSeconds: timeout, onError: WatchErrors.Throw, cancellationToken: ct),
            (ns, name, ct) => client.AppsV1.ReadNamespacedStatefulSetAsync(name, ns, cancellationToken: ct)),
    };

    public static IEntityApi<TEntity>? For<TEntity>(IKubernetes client)
        where TEntity : IKubernetesObject<V1ObjectMeta> =>
        Factories.TryGetValue(typeof(TEntity), out var factory) ? (IEntityApi<TEntity>)factory(client) : null;

    public static bool Serves(Type entityType) => Factories.ContainsKey(entityType);
}
