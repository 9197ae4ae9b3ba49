using System.Globalization;
using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>
/// Plays the Deployment and DaemonSet controllers and the kubelet. When a workload is created or its spec
/// changes (generation bump) it replaces the workload's pods and writes the finished-rollout status, right after
/// the write and before the API answers it, so tests need no timers. A held workload stays unavailable until released.
/// Status writes bump resourceVersion and reach watches as MODIFIED events.
/// </summary>
public sealed class RolloutSimulator
{
    private readonly Lock _gate = new();
    private readonly HashSet<(string Namespace, string Name)> _held = [];
    private readonly ObjectStore _store;
    private readonly FakeKubeOptions _options;
    private readonly KubeResource _pods = KubeResourceCatalog.All.Single(r => r.Kind == "Pod");

    internal RolloutSimulator(ObjectStore store, FakeKubeOptions options)
    {
        _store = store;
        _options = options;
        ImageIdResolver = options.ImageIdResolver;
        if (options.SimulateRollouts)
        {
            store.Committed += OnCommitted;
        }
    }

    /// <summary>The imageID pod statuses report for an image; replaceable mid-test (applies to the next rollout).</summary>
    public Func<string, string?> ImageIdResolver { get; set; }

    /// <summary>Keeps the workload (existing or future, Deployment or DaemonSet) unavailable: ready/available counts stay 0.</summary>
    public void Hold(string ns, string name)
    {
        lock (_gate)
        {
            _held.Add((ns, name));
            Reconcile(ns, name);
        }
    }

    /// <summary>Lets a held workload finish its rollout now.</summary>
    public void Release(string ns, string name)
    {
        lock (_gate)
        {
            _held.Remove((ns, name));
            Reconcile(ns, name);
        }
    }

    private void OnCommitted(StoredChange change)
    {
        if (change.Resource.Kind is not ("Deployment" or "DaemonSet"))
        {
            return;
        }

        lock (_gate)
        {
            if (change.Type == "DELETED")
            {
                DeletePods(Uid(change.Object), Namespace(change.Object));
            }
            else if (change.Type == "ADDED" || Generation(change.Object) != Generation(change.Previous))
            {
                Rollout(change.Resource, change.Object);
            }
        }
    }

    private void Reconcile(string ns, string name)
    {
        foreach (var resource in KubeResourceCatalog.All.Where(r => r.Kind is "Deployment" or "DaemonSet"))
        {
            if (_store.Get(resource, ns, name) is { } workload)
            {
                Rollout(resource, workload);
            }
        }
    }

    private void Rollout(KubeResource resource, JsonObject workload)
    {
        var ns = Namespace(workload);
        var name = workload["metadata"]!["name"]!.GetValue<string>();
        var healthy = !_held.Contains((ns, name));
        var now = _options.TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        DeletePods(Uid(workload), ns);
        var count = WorkloadStatus.DesiredPods(workload, _options.NodeCount);
        foreach (var pod in WorkloadPods.For(workload, count, _options.NodeCount, healthy, ImageIdResolver, now))
        {
            _store.Create(_pods, ServerOwnedFields.ForCreate(_pods, pod, ns, _options.TimeProvider.GetUtcNow(), resetStatus: false));
        }

        var status = WorkloadStatus.For(workload, _options.NodeCount, healthy, now);
        _store.Update(resource, ns, name, stored =>
        {
            stored["status"] = status;
            return stored;
        });
    }

    private void DeletePods(string uid, string ns)
    {
        foreach (var pod in _store.List(_pods, new ObjectFilter(ns, null, null)).Items.Where(p => WorkloadPods.IsOwnedBy(p, uid)))
        {
            _store.Delete(_pods, ns, pod["metadata"]!["name"]!.GetValue<string>());
        }
    }

    private static string Uid(JsonObject obj) => obj["metadata"]?["uid"]?.GetValue<string>() ?? "";

    private static string Namespace(JsonObject obj) => obj["metadata"]?["namespace"]?.GetValue<string>() ?? "";

    private static long? Generation(JsonObject? obj) => obj?["metadata"]?["generation"]?.GetValue<long>();
}
