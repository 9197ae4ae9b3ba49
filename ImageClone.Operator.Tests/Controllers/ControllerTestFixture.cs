using ImageClone.Controllers;
using ImageClone.Mirroring;
using ImageClone.Operator;
using ImageClone.Registry;
using ImageClone.Tests.EndToEnd;
using ImageClone.Tests.Mirroring;
using ImageClone.Tests.Support;
using ImageClone.Tests.Support.Kube;
using ImageClone.Tests.Support.Kube.Proxy;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace ImageClone.Tests.Controllers;

/// <summary>
/// The workload controllers wired as in production (<see cref="MirroringServiceCollectionExtensions.AddImageMirroring"/>,
/// <see cref="WorkloadControllersOperatorBuilderExtensions.AddWorkloadControllers"/>)
/// against the real test control plane, through the recording proxy (as the operator's service account, or as a
/// plain user bound to a role of the test's), with an in-memory copier, and the pod cache they read filled as the
/// operator fills it. REPOSITORY is <c>backup</c> on the test's registry, so an image already under it can really run.
/// Its waits for a workload's state also wait until the pod cache holds the pods the server has, so a reconcile
/// right after one sees what the test waited for.
/// </summary>
internal sealed class ControllerTestFixture : IAsyncDisposable
{
    private const string OperatorClientName = "controllers";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly ServiceProvider _provider;
    private readonly Kubernetes _client;
    private readonly string _clientName;
    private readonly UserRoleBinding? _role;
    private readonly RegistryProcess _registry;
    private PodCacheRun? _podCache;
    private IKubernetes? _podCacheClient;

    private ControllerTestFixture(TestCluster cluster, Kubernetes client, string clientName, UserRoleBinding? role, RegistryProcess registry, Func<MirrorOptions, MirrorOptions>? configure)
    {
        Cluster = cluster;
        _registry = registry;
        _client = client;
        _clientName = clientName;
        _role = role;
        Namespace = cluster.Ns("shop");
        Options = (configure ?? (o => o))(new MirrorOptions(MirrorRepository.Parse($"{registry.Host}/backup")) { ControllerNamespace = "imageclone-system" });
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IKubernetes>(client)
            .AddSingleton<IImageCopier>(Copier)
            .AddSingleton<IManifestReader>(Copier)
            .AddImageMirroring(Options);
        services.AddKubernetesOperator().AddWorkloadControllers();
        _provider = services.BuildServiceProvider();
        Deployments = ActivatorUtilities.CreateInstance<DeploymentController>(_provider);
        DaemonSets = ActivatorUtilities.CreateInstance<DaemonSetController>(_provider);
    }

    public TestCluster Cluster { get; }

    /// <summary>This test's namespace.</summary>
    public string Namespace { get; }

    public FakeImageCopier Copier { get; } = new();

    public MirrorOptions Options { get; }

    public DeploymentController Deployments { get; }

    public DaemonSetController DaemonSets { get; }

    /// <summary>The controllers' requests through the proxy, oldest first (the test's own admin calls are not among them).</summary>
    public IReadOnlyList<ApiRequest> Requests => [.. Cluster.Requests.Where(r => r.User == _clientName)];

    /// <summary>The controllers as the operator's service account, held to the committed ClusterRole.</summary>
    public static async Task<ControllerTestFixture> StartAsync(RegistryProcess registry, Func<MirrorOptions, MirrorOptions>? configure = null)
    {
        var cluster = await TestCluster.StartAsync();
        return await new ControllerTestFixture(cluster, cluster.CreateOperatorClient(OperatorClientName), OperatorClientName, null, registry, configure).StartPodCacheAsync(cluster.Admin);
    }

    /// <summary>The controllers as plain user <paramref name="userLabel"/>, bound only to <paramref name="role"/>.</summary>
    public static async Task<ControllerTestFixture> StartUnderRoleAsync(RegistryProcess registry, string userLabel, V1ClusterRole role)
    {
        var cluster = await TestCluster.StartAsync();
        var binding = await UserRoleBinding.CreateAsync(cluster, userLabel, role);
        return await new ControllerTestFixture(cluster, cluster.CreateClient(userLabel), userLabel, binding, registry, null).StartPodCacheAsync(cluster.CreateClient(userLabel));
    }

    /// <summary>
    /// The pod cache as the operator runs it (<see cref="PodCacheApi"/> through a <see cref="ReadCacheRunner{TEntity}"/>), until
    /// disposed, through <paramref name="client"/>: the admin under the operator's identity (so <see cref="Requests"/> are the
    /// reconciles' own), the plain user under a role (so the role is shown to allow what the cache needs).
    /// </summary>
    private async Task<ControllerTestFixture> StartPodCacheAsync(IKubernetes client)
    {
        _podCacheClient = client;
        _podCache = await PodCacheRun.StartAsync(client, PodCache, Options, new OperatorSettings());
        return this;
    }

    private ReadCache<V1Pod> PodCache => _provider.GetRequiredService<ReadCache<V1Pod>>();

    /// <summary>Waits until the pod cache holds every pod of the namespace as the server has it now.</summary>
    public async Task PodCacheCaughtUpAsync()
    {
        IReadOnlyList<V1Pod> cached = [];
        V1PodList server = new() { Items = [] };
        await Wait.UntilAsync(
            async () =>
            {
                server = await Cluster.Admin.CoreV1.ListNamespacedPodAsync(Namespace);
                cached = await PodCache.ListAsync(Namespace, _ => true, CancellationToken.None);
                return Versions(server.Items).SetEquals(Versions(cached));
            },
            () => $"the pod cache holds the {server.Items.Count} pods of {Namespace} (it holds {cached.Count})",
            Timeout);

        static HashSet<string> Versions(IEnumerable<V1Pod> pods) => [.. pods.Select(p => $"{p.Metadata.Name}@{p.Metadata.ResourceVersion}")];
    }

    /// <summary>The ClusterRole generated from the controllers' <c>[EntityRbac]</c> declarations.</summary>
    public static V1ClusterRole GeneratedRole() =>
        KubernetesYaml.Deserialize<V1ClusterRole>(RbacGenerator.GenerateClusterRoleYaml([typeof(DeploymentController), typeof(DaemonSetController)], "imageclone-generated"));

    /// <summary>Pushes a new image to the test's registry as <paramref name="repository"/> with a tag of its own (the in-memory copier's tag then names it).</summary>
    public async Task<PushedImage> PushImageAsync(string repository) => Known(await TestImages.PushAsync(_registry, repository));

    /// <summary>
    /// Pushes a new image, and the same image where REPOSITORY keeps its copy (<see cref="PinnedCopyOf"/>): the in-memory
    /// copier copies nothing, so this is what lets the pods of a rewrite really pull it and the rollout finish.
    /// </summary>
    public async Task<PushedImage> PushImageWithCopyAsync(string repository) =>
        Known(await TestImages.PushAsync(_registry, repository, alsoAt: reference => CopyName(reference)[(_registry.Host.Length + 1)..]));

    private PushedImage Known(PushedImage pushed)
    {
        Copier.TagDigests[ImageReference.Parse(pushed.Reference).ToString()] = pushed.Digest;
        return pushed;
    }

    /// <summary>
    /// Where REPOSITORY keeps <paramref name="image"/>, pinned to its digest: the source host and path flattened into
    /// one level, ':' escaped ("127.0.0.1:5000/ctl/web:1.3" → "REPOSITORY/127.0.0.1__p__5000_ctl_web:1.3@sha256:…").
    /// </summary>
    public string PinnedCopyOf(PushedImage image) => $"{CopyName(image.Reference)}{image.Reference[image.Reference.LastIndexOf(':')..]}@{image.Digest}";

    /// <summary>REPOSITORY/&lt;source flattened&gt;, without tag.</summary>
    private string CopyName(string reference)
    {
        var name = reference[..reference.LastIndexOf(':')].Replace(":", "__p__", StringComparison.Ordinal).Replace('/', '_');
        return $"{Options.Repository}/{name}";
    }

    /// <summary>The stored Deployment, as a watch would hand it to the controller.</summary>
    public async Task<V1Deployment> DeploymentAsync(string name) =>
        await Cluster.DeploymentAsync(Namespace, name) ?? throw new InvalidOperationException($"no deployment {Namespace}/{name}");

    public async Task<V1DaemonSet> DaemonSetAsync(string name) =>
        await Cluster.DaemonSetAsync(Namespace, name) ?? throw new InvalidOperationException($"no daemonset {Namespace}/{name}");

    /// <summary>Waits until the real Deployment reports a complete rollout, and returns it as read then.</summary>
    public Task<V1Deployment> HealthyDeploymentAsync(string name) =>
        DeploymentWhenAsync(name, RolloutComplete.Of, "reports a complete rollout");

    public async Task<V1Deployment> DeploymentWhenAsync(string name, Func<V1Deployment, bool> condition, string what)
    {
        V1Deployment? read = null;
        await Wait.UntilAsync(
            async () => (read = await Cluster.DeploymentAsync(Namespace, name)) is { } deployment && condition(deployment),
            () => $"Deployment {Namespace}/{name} {what} (status: {KubernetesJson.Serialize(read?.Status)})",
            Timeout);
        await PodCacheCaughtUpAsync();
        return read!;
    }

    /// <summary>Waits until the real DaemonSet reports a complete rollout, and returns it as read then.</summary>
    public Task<V1DaemonSet> HealthyDaemonSetAsync(string name) =>
        DaemonSetWhenAsync(name, RolloutComplete.Of, "reports a complete rollout");

    public async Task<V1DaemonSet> DaemonSetWhenAsync(string name, Func<V1DaemonSet, bool> condition, string what)
    {
        V1DaemonSet? read = null;
        await Wait.UntilAsync(
            async () => (read = await Cluster.DaemonSetAsync(Namespace, name)) is { } daemonSet && condition(daemonSet),
            () => $"DaemonSet {Namespace}/{name} {what} (status: {KubernetesJson.Serialize(read?.Status)})",
            Timeout);
        await PodCacheCaughtUpAsync();
        return read!;
    }

    /// <summary>Waits until <paramref name="count"/> pods of <c>app=<paramref name="app"/></c> run (Ready or not).</summary>
    public async Task WaitForRunningPodsAsync(string app, int count)
    {
        IReadOnlyList<V1Pod> pods = [];
        await Wait.UntilAsync(
            async () => (pods = await Cluster.PodsAsync(Namespace, app)).Count(p => p.Status?.Phase == "Running") == count,
            () => $"{count} pods of {Namespace}/{app} run (phases: {string.Join(", ", pods.Select(p => p.Status?.Phase))})",
            Timeout);
        await PodCacheCaughtUpAsync();
    }

    public IReadOnlyList<ApiRequest> Writes(string resource) =>
        [.. Requests.Where(r => r.IsWrite && r.Resource == resource)];

    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(string workload, string reason) =>
        [.. (await Cluster.EventsAsync(Namespace, workload)).Where(e => e.Reason == reason)];

    public async ValueTask DisposeAsync()
    {
        if (_podCache is not null)
        {
            await _podCache.DisposeAsync();
        }

        if (_podCacheClient != Cluster.Admin)
        {
            _podCacheClient?.Dispose();
        }

        _client.Dispose();
        await _provider.DisposeAsync();
        if (_role is not null)
        {
            await _role.DisposeAsync();
        }

        await Cluster.DisposeAsync();
    }
}
