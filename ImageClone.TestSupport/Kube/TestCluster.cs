using System.Collections.Concurrent;
using System.Net;
using ImageClone.Tests.Support.Kube.Proxy;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Tests.Support.Kube;

/// <summary>
/// One test's view of the shared <see cref="ControlPlane"/>: namespaces of its own (a logical name such as "shop"
/// becomes "shop-&lt;n&gt;", created on first use), an admin client to seed and read objects, and a
/// <see cref="KubeApiProxy"/> that the operator under test talks through, which records its requests and injects
/// faults. With <c>uncached</c> the proxy forwards to the apiserver without watch cache, where
/// <see cref="ExpireWatchesAsync"/> makes every older resourceVersion answer 410. Disposing deletes what the test
/// made: its workloads at once (so the next test's operator never sees them), its namespaces in the background.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private static int _clusters;

    private readonly int _id;
    private readonly HashSet<string> _namespaces = new(StringComparer.Ordinal);
    private readonly List<Func<Task>> _cleanups = [];
    private readonly List<Action> _nodeFaults = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, string> _operatorNames;
    private int _operatorTokens;

    private TestCluster(ControlPlane plane, KubeApiProxy proxy, ConcurrentDictionary<string, string> operatorNames)
    {
        _id = Interlocked.Increment(ref _clusters);
        Plane = plane;
        Proxy = proxy;
        _operatorNames = operatorNames;
    }

    public ControlPlane Plane { get; }

    public KubeApiProxy Proxy { get; }

    public Kubernetes Admin => Plane.Admin;

    public ApiFaults Faults => Proxy.Faults;

    /// <summary>Requests through the proxy (the operator's), oldest first.</summary>
    public IReadOnlyList<ApiRequest> Requests => Proxy.Requests;

    public static async Task<TestCluster> StartAsync(bool uncached = false)
    {
        var plane = await ControlPlane.SharedAsync();
        plane.ThrowIfAControllerExited();
        var upstream = uncached ? await plane.UncachedApiServerAsync() : plane.ApiServer;
        var operatorNames = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var proxy = await KubeApiProxy.StartAsync(upstream.Url, plane.Pki.CaPem,
            token => operatorNames.TryGetValue(token, out var name) ? name : plane.Users.LabelOfToken(token));
        return new TestCluster(plane, proxy, operatorNames);
    }

    /// <summary>This test's namespace for a logical name ("shop" → "shop-12"); kube-system stays itself. Created by <see cref="EnsureNamespaceAsync"/>.</summary>
    public string Ns(string logicalName) => logicalName == "kube-system" ? logicalName : $"{logicalName}-{_id}";

    public async Task<string> EnsureNamespaceAsync(string ns, IDictionary<string, string>? labels = null)
    {
        await _gate.WaitAsync();
        try
        {
            if (ns == "kube-system" || !_namespaces.Add(ns))
            {
                return ns;
            }

            await Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns, Labels = labels } });
            return ns;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A kubeconfig for a testbed user that reaches the apiserver through the proxy.</summary>
    public string WriteKubeconfig(string userLabel) => Plane.WriteKubeconfig(userLabel, Proxy.Url, Proxy.CaPem);

    /// <summary>
    /// A client through the proxy authenticated as the operator's service account (so the committed ClusterRole
    /// applies), with a token of its own whose requests the proxy records under <paramref name="name"/>.
    /// </summary>
    public Kubernetes CreateOperatorClient(string name, params DelegatingHandler[] handlers) => Plane.CreateClient(OperatorTokenFor(name), Proxy.Url, Proxy.CaPem, handlers);

    /// <summary>A kubeconfig for <see cref="CreateOperatorClient"/>'s identity, for an operator run as its own process.</summary>
    public string WriteOperatorKubeconfig(string name) => WriteKubeconfig(OperatorTokenFor(name));

    private string OperatorTokenFor(string name)
    {
        var index = Interlocked.Increment(ref _operatorTokens) - 1;
        if (index >= ControlPlaneUsers.OperatorTokens)
        {
            throw new InvalidOperationException($"a test may start at most {ControlPlaneUsers.OperatorTokens} operator clients");
        }

        var label = $"operator-{index}";
        _operatorNames[Plane.Users.Get(label).Token] = name;
        return label;
    }

    /// <summary>A client for a testbed user, through the proxy.</summary>
    public Kubernetes CreateClient(string userLabel) => Plane.CreateClient(userLabel, Proxy.Url, Proxy.CaPem);

    public async Task<V1Deployment> CreateAsync(V1Deployment deployment)
    {
        var ns = await EnsureNamespaceAsync(deployment.Metadata.NamespaceProperty);
        var created = await Admin.AppsV1.CreateNamespacedDeploymentAsync(deployment, ns);
        OnCleanup(() => Admin.AppsV1.DeleteNamespacedDeploymentAsync(created.Metadata.Name, ns, propagationPolicy: "Background"));
        return created;
    }

    public async Task<V1DaemonSet> CreateAsync(V1DaemonSet daemonSet)
    {
        var ns = await EnsureNamespaceAsync(daemonSet.Metadata.NamespaceProperty);
        var created = await Admin.AppsV1.CreateNamespacedDaemonSetAsync(daemonSet, ns);
        OnCleanup(() => Admin.AppsV1.DeleteNamespacedDaemonSetAsync(created.Metadata.Name, ns, propagationPolicy: "Background"));
        return created;
    }

    public async Task<V1StatefulSet> CreateAsync(V1StatefulSet statefulSet)
    {
        var ns = await EnsureNamespaceAsync(statefulSet.Metadata.NamespaceProperty);
        var created = await Admin.AppsV1.CreateNamespacedStatefulSetAsync(statefulSet, ns);
        OnCleanup(() => Admin.AppsV1.DeleteNamespacedStatefulSetAsync(created.Metadata.Name, ns, propagationPolicy: "Background"));
        return created;
    }

    public async Task<V1Secret> CreateAsync(V1Secret secret)
    {
        var ns = await EnsureNamespaceAsync(secret.Metadata.NamespaceProperty);
        var created = await Admin.CoreV1.CreateNamespacedSecretAsync(secret, ns);
        OnCleanup(() => Admin.CoreV1.DeleteNamespacedSecretAsync(created.Metadata.Name, ns));
        return created;
    }

    public async Task<V1Deployment?> DeploymentAsync(string ns, string name) =>
        await OrNullAsync(() => Admin.AppsV1.ReadNamespacedDeploymentAsync(name, ns));

    public async Task<V1DaemonSet?> DaemonSetAsync(string ns, string name) =>
        await OrNullAsync(() => Admin.AppsV1.ReadNamespacedDaemonSetAsync(name, ns));

    public async Task<V1StatefulSet?> StatefulSetAsync(string ns, string name) =>
        await OrNullAsync(() => Admin.AppsV1.ReadNamespacedStatefulSetAsync(name, ns));

    public async Task<IReadOnlyList<V1Pod>> PodsAsync(string ns, string app) =>
        [.. (await Admin.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"app={app}")).Items];

    /// <summary>Core v1 Events in a namespace, optionally about one object.</summary>
    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(string ns, string? involvedObjectName = null) =>
        [.. (await Admin.CoreV1.ListNamespacedEventAsync(ns)).Items.Where(e => involvedObjectName is null || e.InvolvedObject?.Name == involvedObjectName)];

    /// <summary>Waits (default 30 s) until a request through the proxy matching <paramref name="predicate"/> has been answered.</summary>
    public Task<ApiRequest> WaitForRequestAsync(Func<ApiRequest, bool> predicate, TimeSpan? timeout = null) => Proxy.WaitForRequestAsync(predicate, timeout);

    public void ClearRequests() => Proxy.ClearRequests();

    /// <summary>Cuts every watch open through the proxy.</summary>
    public void DropWatchConnections() => Proxy.DropWatchConnections();

    /// <summary>
    /// Moves etcd's history on by one write, then compacts it: on the uncached apiserver (<c>StartAsync(uncached: true)</c>)
    /// every watch from an older resourceVersion then gets 410. (Without the write, a client that has seen the latest
    /// revision would re-watch from exactly the compacted one, which is still served.)
    /// </summary>
    public async Task<long> ExpireWatchesAsync()
    {
        var ns = await EnsureNamespaceAsync(Ns("history"));
        await Admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "moved-on-" } }, ns);
        return await Plane.CompactEtcdAsync();
    }

    /// <summary>Keeps the pods of <c>app=<paramref name="app"/></c> running but not Ready (a failing readiness probe) until <see cref="ReleaseRollout"/>.</summary>
    public void HoldRollout(string ns, string app) => Plane.Nodes.HoldReadiness(ns, app);

    public void ReleaseRollout(string ns, string app) => Plane.Nodes.ReleaseReadiness(ns, app);

    /// <summary>
    /// Node-side faults for images under <paramref name="imagePrefix"/>, undone when the test ends: the nodes cannot pull
    /// them, or pods running them never become Ready.
    /// </summary>
    public void BlockPulls(string imagePrefix, string message)
    {
        Plane.Nodes.BlockPulls(imagePrefix, message);
        _nodeFaults.Add(() => Plane.Nodes.UnblockPulls(imagePrefix));
    }

    public void HoldReadinessOfImages(string imagePrefix)
    {
        Plane.Nodes.HoldReadinessOfImages(imagePrefix);
        _nodeFaults.Add(() => Plane.Nodes.ReleaseReadinessOfImages(imagePrefix));
    }

    public async ValueTask DisposeAsync()
    {
        _nodeFaults.ForEach(undo => undo());
        await Proxy.DisposeAsync();
        foreach (var cleanup in _cleanups)
        {
            try
            {
                await cleanup();
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }

        foreach (var ns in _namespaces)
        {
            try
            {
                await Admin.CoreV1.DeleteNamespaceAsync(ns, propagationPolicy: "Background");
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }

        _gate.Dispose();
    }

    private void OnCleanup(Func<Task> cleanup)
    {
        lock (_cleanups)
        {
            _cleanups.Add(cleanup);
        }
    }

    private static async Task<T?> OrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
