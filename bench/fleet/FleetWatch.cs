using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Bench.Fleet;

/// <summary>
/// The fleet's workloads as the apiserver has them, kept current by one list and watch per kind through the admin
/// client. Polling full lists instead costs the apiserver most of a second of CPU per 2,000 Deployments, which the
/// operator and the controllers would pay for in latency.
/// </summary>
internal sealed class FleetWatch : IAsyncDisposable
{
    private const int WatchSeconds = 240;

    private readonly ConcurrentDictionary<(string Resource, string Namespace, string Name), WorkloadState> _states = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _watches = [];

    /// <summary>The last failure of a watch (it is retried), for diagnostics.</summary>
    public Exception? LastFailure { get; private set; }

    public static async Task<FleetWatch> StartAsync(IKubernetes admin)
    {
        var fleet = new FleetWatch();
        await fleet.FollowAsync(
            async ct => await admin.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: ct),
            (version, ct) => admin.AppsV1.WatchListDeploymentForAllNamespacesAsync(
                resourceVersion: version, allowWatchBookmarks: true, timeoutSeconds: WatchSeconds, onError: e => throw e, cancellationToken: ct),
            WorkloadState.Of);
        await fleet.FollowAsync(
            async ct => await admin.AppsV1.ListDaemonSetForAllNamespacesAsync(cancellationToken: ct),
            (version, ct) => admin.AppsV1.WatchListDaemonSetForAllNamespacesAsync(
                resourceVersion: version, allowWatchBookmarks: true, timeoutSeconds: WatchSeconds, onError: e => throw e, cancellationToken: ct),
            WorkloadState.Of);
        await fleet.FollowAsync(
            async ct => await admin.AppsV1.ListStatefulSetForAllNamespacesAsync(cancellationToken: ct),
            (version, ct) => admin.AppsV1.WatchListStatefulSetForAllNamespacesAsync(
                resourceVersion: version, allowWatchBookmarks: true, timeoutSeconds: WatchSeconds, onError: e => throw e, cancellationToken: ct),
            WorkloadState.Of);
        return fleet;
    }

    public FleetState Snapshot() => new(new Dictionary<(string, string, string), WorkloadState>(_states));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_watches);
        _stop.Dispose();
    }

    private async Task FollowAsync<TObject, TList>(
        Func<CancellationToken, Task<TList>> list,
        Func<string, CancellationToken, IAsyncEnumerable<(WatchEventType, TObject)>> watch,
        Func<TObject, WorkloadState> stateOf)
        where TObject : IKubernetesObject<V1ObjectMeta>
        where TList : IItems<TObject>, IMetadata<V1ListMeta>
    {
        var version = await LoadAsync(list, stateOf, _stop.Token);
        _watches.Add(Task.Run(() => WatchAsync(version, list, watch, stateOf, _stop.Token)));
    }

    private async Task<string> LoadAsync<TObject, TList>(Func<CancellationToken, Task<TList>> list, Func<TObject, WorkloadState> stateOf, CancellationToken ct)
        where TList : IItems<TObject>, IMetadata<V1ListMeta>
    {
        var listed = await list(ct);
        foreach (var item in listed.Items)
        {
            Put(stateOf(item));
        }

        return listed.Metadata.ResourceVersion;
    }

    private async Task WatchAsync<TObject, TList>(
        string version,
        Func<CancellationToken, Task<TList>> list,
        Func<string, CancellationToken, IAsyncEnumerable<(WatchEventType, TObject)>> watch,
        Func<TObject, WorkloadState> stateOf,
        CancellationToken ct)
        where TObject : IKubernetesObject<V1ObjectMeta>
        where TList : IItems<TObject>, IMetadata<V1ListMeta>
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var (type, item) in watch(version, ct))
                {
                    version = item.Metadata.ResourceVersion ?? version;
                    if (type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        Put(stateOf(item));
                    }
                    else if (type == WatchEventType.Deleted)
                    {
                        _states.TryRemove(Key(stateOf(item)), out _);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is KubernetesException { Status.Code: 410 } or HttpOperationException { Response.StatusCode: HttpStatusCode.Gone })
            {
                version = await LoadAsync(list, stateOf, ct);
            }
            catch (Exception e)
            {
                LastFailure = e;
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void Put(WorkloadState state) => _states[Key(state)] = state;

    private static (string, string, string) Key(WorkloadState state) => (state.Resource, state.Namespace, state.Name);
}
