using ImageClone.Tests.Support.Kube;
using ImageClone.Tests.Support.Kube.Proxy;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// One test's part of the real control plane (<see cref="TestCluster"/>: namespaces of its own, the operator's
/// requests recorded by the API proxy), with the queries end-to-end tests assert on: workload images, the
/// operator's writes per workload, events. Its controller namespace (CONTROLLER_NAMESPACE, where the leader Lease
/// lives) is its own too.
/// </summary>
internal sealed class EndToEndCluster : IAsyncDisposable
{
    private EndToEndCluster(TestCluster kube, EndToEndRegistries registries)
    {
        Kube = kube;
        Registries = registries;
    }

    public TestCluster Kube { get; }

    public EndToEndRegistries Registries { get; }

    /// <summary>CONTROLLER_NAMESPACE of the operators this test starts.</summary>
    public string ControllerNamespace => Kube.Ns("imageclone-system");

    public static async Task<EndToEndCluster> StartAsync(EndToEndRegistries registries, bool uncached = false)
    {
        var kube = await TestCluster.StartAsync(uncached);
        var cluster = new EndToEndCluster(kube, registries);
        await kube.EnsureNamespaceAsync(cluster.ControllerNamespace);
        await LeaderElectionRbac.ApplyAsync(kube.Admin, cluster.ControllerNamespace);
        return cluster;
    }

    /// <summary>This test's namespace for a logical name (Shop → "shop-12"; kube-system stays itself).</summary>
    public string Ns(string logicalName) => Kube.Ns(logicalName);

    public Task<V1Deployment> CreateAsync(V1Deployment deployment) => Kube.CreateAsync(deployment);

    public Task<V1DaemonSet> CreateAsync(V1DaemonSet daemonSet) => Kube.CreateAsync(daemonSet);

    public Task<V1StatefulSet> CreateAsync(V1StatefulSet statefulSet) => Kube.CreateAsync(statefulSet);

    public Task<V1Secret> CreateAsync(V1Secret secret) => Kube.CreateAsync(secret);

    public async Task<V1Deployment> DeploymentAsync(string ns, string name) =>
        await Kube.DeploymentAsync(ns, name) ?? throw new InvalidOperationException($"no Deployment {ns}/{name}");

    public async Task<V1DaemonSet> DaemonSetAsync(string ns, string name) =>
        await Kube.DaemonSetAsync(ns, name) ?? throw new InvalidOperationException($"no DaemonSet {ns}/{name}");

    public async Task<V1StatefulSet> StatefulSetAsync(string ns, string name) =>
        await Kube.StatefulSetAsync(ns, name) ?? throw new InvalidOperationException($"no StatefulSet {ns}/{name}");

    /// <summary>The container images of a Deployment's pod template, init containers first.</summary>
    public async Task<IReadOnlyList<string>> DeploymentImagesAsync(string ns, string name) => Images((await DeploymentAsync(ns, name)).Spec.Template);

    public async Task<IReadOnlyList<string>> DaemonSetImagesAsync(string ns, string name) => Images((await DaemonSetAsync(ns, name)).Spec.Template);

    /// <summary>The operator's write requests (create, update, patch, delete; answered or refused) to one Deployment or DaemonSet.</summary>
    public IReadOnlyList<ApiRequest> WritesTo(string resource, string ns, string name) =>
        [.. Kube.Requests.Where(r => r.IsWrite && r.Resource == resource && r.Namespace == ns && r.Name == name)];

    /// <summary>The operator's writes to any Deployment, DaemonSet or StatefulSet that the apiserver accepted.</summary>
    public IReadOnlyList<ApiRequest> AcceptedWorkloadWrites() =>
        [.. Kube.Requests.Where(r => r.IsWrite && r.Resource is "deployments" or "daemonsets" or "statefulsets" && r.StatusCode is >= 200 and < 300)];

    /// <summary>Waits until an accepted write to the workload is recorded (the proxy records a request once its answer is complete).</summary>
    public Task<ApiRequest> WaitForAcceptedWriteAsync(string resource, string ns, string name) =>
        Kube.WaitForRequestAsync(r => r.IsWrite && r.Resource == resource && r.Namespace == ns && r.Name == name && r.StatusCode is >= 200 and < 300);

    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(string ns, string name, string? reason = null) =>
        [.. (await Kube.EventsAsync(ns, name)).Where(e => reason is null || e.Reason == reason)];

    public Task WaitForDeploymentImagesAsync(string ns, string name, params string[] expected) =>
        WaitForImagesAsync("Deployment", ns, name, () => DeploymentImagesAsync(ns, name), expected);

    public async Task<IReadOnlyList<string>> StatefulSetImagesAsync(string ns, string name) => Images((await StatefulSetAsync(ns, name)).Spec.Template);

    public Task WaitForStatefulSetImagesAsync(string ns, string name, params string[] expected) =>
        WaitForImagesAsync("StatefulSet", ns, name, () => StatefulSetImagesAsync(ns, name), expected);

    public Task WaitForDaemonSetImagesAsync(string ns, string name, params string[] expected) =>
        WaitForImagesAsync("DaemonSet", ns, name, () => DaemonSetImagesAsync(ns, name), expected);

    /// <summary>Waits until the Deployment's current template has rolled out completely on <paramref name="replicas"/> available replicas.</summary>
    public Task WaitForDeploymentRolloutAsync(string ns, string name, int replicas) =>
        Wait.UntilAsync(async () => (await DeploymentAsync(ns, name)) is { Status: { } s } d && s.ObservedGeneration == d.Metadata.Generation
                && s.UpdatedReplicas == replicas && s.AvailableReplicas == replicas && s.Replicas == replicas && (s.UnavailableReplicas ?? 0) == 0,
            () => $"Deployment {ns}/{name} has rolled out its template on {replicas} available replicas", TimeSpan.FromSeconds(60));

    public Task WaitForEventAsync(string ns, string name, string reason) =>
        Wait.UntilAsync(async () => (await EventsAsync(ns, name, reason)).Count > 0, () => $"{ns}/{name} has a {reason} event");

    public ValueTask DisposeAsync() => Kube.DisposeAsync();

    private static async Task WaitForImagesAsync(string kind, string ns, string name, Func<Task<IReadOnlyList<string>>> images, string[] expected)
    {
        IReadOnlyList<string> now = [];
        await Wait.UntilAsync(async () => (now = await images()).SequenceEqual(expected),
            () => $"{kind} {ns}/{name} has images [{string.Join(", ", expected)}] (now [{string.Join(", ", now)}])");
    }

    private static IReadOnlyList<string> Images(V1PodTemplateSpec template) =>
        [.. (template.Spec.InitContainers ?? []).Concat(template.Spec.Containers).Select(c => c.Image)];
}
