using System.Net;
using ImageClone.Tests.EndToEnd;
using ImageClone.Tests.Support.Kube.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Tests.Support.Kube;

/// <summary>
/// The test bed itself: the real controllers roll workloads out onto the simulated nodes, which pull from real
/// registries with only the pod's pull secrets and report what the chosen runtime would; RBAC is the real one.
/// </summary>
[TestFixture]
internal sealed class TestbedTests
{
    private RegistryProcess _public = null!;
    private RegistryProcess _private = null!;
    private TestCluster? _cluster;
    private int _pushes;

    [OneTimeSetUp]
    public async Task StartRegistriesAsync()
    {
        _public = await RegistryProcess.StartAnonymousAsync();
        _private = await RegistryProcess.StartBasicAuthAsync("puller", "pull-secret-password");
    }

    [OneTimeTearDown]
    public async Task StopRegistriesAsync()
    {
        await _public.DisposeAsync();
        await _private.DisposeAsync();
    }

    [SetUp]
    public async Task StartClusterAsync() => _cluster = await TestCluster.StartAsync();

    [TearDown]
    public async Task StopClusterAsync()
    {
        if (_cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }

    private TestCluster Cluster => _cluster ?? throw new InvalidOperationException("started in SetUp");

    [Test]
    public async Task Deployment_OfAPublicImage_BecomesAvailableWithContainerdImageIds()
    {
        var image = await PushAsync(_public, multiPlatform: false);
        var ns = Cluster.Ns("bed");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(ns, "web", replicas: 2, initContainers: [("init", image.Reference)], ("app", image.Reference)));

        var pods = await WaitForRunningPodsAsync(ns, "web", 2);

        pods.Should().OnlyContain(p => p.Status.ContainerStatuses.Single().ImageID == image.DigestReference);
        pods.Should().OnlyContain(p => p.Status.InitContainerStatuses.Single().State.Terminated.Reason == "Completed");
        pods.Should().OnlyContain(p => p.Spec.NodeName.StartsWith("node-amd64-", StringComparison.Ordinal), "the arm64 node is tainted");
        await WaitAsync(async () => (await Cluster.DeploymentAsync(ns, "web"))!.Status?.AvailableReplicas == 2, "the Deployment reports 2 available replicas");
    }

    [TestCase("cri-o", true)]
    [TestCase("containerd", false)]
    public async Task MultiArchImage_OnTheArm64Node_ReportsTheRuntimesDigestForm(string runtime, bool platformDigest)
    {
        var image = await PushAsync(_public, multiPlatform: true);
        var ns = await Cluster.EnsureNamespaceAsync(Cluster.Ns("arch"), new Dictionary<string, string> { [NodeAgent.RuntimeLabel] = runtime });
        var deployment = SampleWorkloads.Deployment(ns, "arm", ("app", image.Reference));
        deployment.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["kubernetes.io/arch"] = "arm64" };
        deployment.Spec.Template.Spec.Tolerations = [new V1Toleration { Key = "kubernetes.io/arch", OperatorProperty = "Equal", Value = "arm64", Effect = "NoSchedule" }];
        await Cluster.CreateAsync(deployment);

        var pod = (await WaitForRunningPodsAsync(ns, "arm", 1)).Single();

        pod.Spec.NodeName.Should().Be("node-arm64-a");
        var repository = image.Reference[..image.Reference.LastIndexOf(':')];
        pod.Status.ContainerStatuses.Single().ImageID.Should().Be($"{repository}@{(platformDigest ? image.ChildDigests[1] : image.Digest)}");
    }

    [Test]
    public async Task CriOAfterRestart_ReportsTheBareConfigDigest()
    {
        var image = await PushAsync(_public, multiPlatform: false);
        var ns = await Cluster.EnsureNamespaceAsync(Cluster.Ns("crio"), new Dictionary<string, string> { [NodeAgent.RuntimeLabel] = "cri-o-config-id" });
        await Cluster.CreateAsync(SampleWorkloads.Deployment(ns, "web", ("app", image.Reference)));

        var pod = (await WaitForRunningPodsAsync(ns, "web", 1)).Single();

        pod.Status.ContainerStatuses.Single().ImageID.Should().Be(image.BlobDigests[0], "the first blob is the config");
    }

    [Test]
    public async Task PrivateImage_PullsOnlyWithThePodsPullSecret()
    {
        var image = await PushAsync(_private, multiPlatform: false, "puller", "pull-secret-password");
        var ns = Cluster.Ns("private");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(ns, "without", ("app", image.Reference)));
        await Cluster.CreateAsync(PullSecrets.DockerConfigJson(ns, "pull", _private.Host, "puller", "pull-secret-password"));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(ns, "with", ("app", image.Reference)).WithPullSecret("pull"));

        await WaitForRunningPodsAsync(ns, "with", 1);
        await WaitAsync(async () => (await Cluster.PodsAsync(ns, "without")).Any(p =>
                p.Status?.ContainerStatuses?.SingleOrDefault()?.State?.Waiting?.Reason == "ErrImagePull"
                && p.Status.ContainerStatuses.Single().State.Waiting.Message.Contains("401", StringComparison.Ordinal)),
            "the pod without the pull secret waits in ErrImagePull with the registry's 401");
        await WaitAsync(async () => (await Cluster.PodsAsync(ns, "without")).Any(p => p.Status?.ContainerStatuses?.SingleOrDefault()?.State?.Waiting?.Reason == "ImagePullBackOff"),
            "then backs off: ImagePullBackOff");
        (await Cluster.DeploymentAsync(ns, "without"))!.Status.AvailableReplicas.Should().BeNull();
    }

    [Test]
    public async Task SinglePlatformAmd64Image_OnTheArm64Node_CrashesWithExecFormatError()
    {
        var image = await PushAsync(_public, multiPlatform: false);
        var ns = Cluster.Ns("wrongarch");
        var daemonSet = SampleWorkloads.DaemonSet(ns, "agent", ("agent", image.Reference));
        daemonSet.Spec.Template.Spec.Tolerations = [new V1Toleration { Key = "kubernetes.io/arch", OperatorProperty = "Exists" }];
        await Cluster.CreateAsync(daemonSet);

        await WaitAsync(async () => (await Cluster.PodsAsync(ns, "agent")).Count(p => p.Status?.ContainerStatuses?.SingleOrDefault()?.Ready == true) == 2
                && (await Cluster.PodsAsync(ns, "agent")).Any(p => p.Spec.NodeName == "node-arm64-a" && p.Status?.ContainerStatuses?.SingleOrDefault()?.LastState?.Terminated?.Message == "exec format error"),
            "the two amd64 pods run and the arm64 one crashes");
        (await Cluster.DaemonSetAsync(ns, "agent"))!.Status.DesiredNumberScheduled.Should().Be(3);
    }

    [Test]
    public async Task ReadinessHold_KeepsTheRolloutUnavailableUntilReleased()
    {
        var image = await PushAsync(_public, multiPlatform: false);
        var ns = Cluster.Ns("hold");
        Cluster.HoldRollout(ns, "held");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(ns, "held", ("app", image.Reference)));
        await WaitAsync(async () => (await Cluster.PodsAsync(ns, "held")).Any(p => p.Status?.Phase == "Running"), "the pod runs");
        (await Cluster.DeploymentAsync(ns, "held"))!.Status.AvailableReplicas.Should().BeNull();

        Cluster.ReleaseRollout(ns, "held");

        await WaitAsync(async () => (await Cluster.DeploymentAsync(ns, "held"))!.Status?.AvailableReplicas == 1, "the Deployment becomes available");
    }

    [Test]
    public async Task OperatorServiceAccount_IsHeldToTheCommittedRole()
    {
        using var client = Cluster.CreateClient("operator-0");
        var ns = await Cluster.EnsureNamespaceAsync(Cluster.Ns("rbac"));

        await client.AppsV1.ListDeploymentForAllNamespacesAsync();
        var delete = () => client.AppsV1.DeleteNamespacedDeploymentAsync("anything", ns);
        var forbidden = (await delete.Should().ThrowAsync<HttpOperationException>()).Which;

        forbidden.Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        forbidden.Response.Content.Should().Contain(ControlPlaneUsers.OperatorServiceAccount);
        Cluster.Requests.Should().Contain(r => r.User == "operator-0" && r.Verb == "delete" && r.StatusCode == 403);
    }

    [Test]
    public async Task UncachedApiServer_AfterCompaction_AnswersAnOldWatchWith410()
    {
        await using var uncached = await TestCluster.StartAsync(uncached: true);
        var ns = await uncached.EnsureNamespaceAsync(uncached.Ns("expire"));
        using var client = uncached.CreateClient("operator-1");
        var listed = await client.AppsV1.ListNamespacedDeploymentAsync(ns);
        await uncached.CreateAsync(SampleWorkloads.Deployment(ns, "later", ("app", "127.0.0.1:1/none:1")));
        await uncached.ExpireWatchesAsync();

        var watch = async () =>
        {
            await foreach (var _ in client.AppsV1.WatchListNamespacedDeploymentAsync(ns, resourceVersion: listed.Metadata.ResourceVersion, onError: e => throw e))
            {
            }
        };

        var gone = await watch.Should().ThrowAsync<KubernetesException>();
        gone.Which.Status.Code.Should().Be(410);
    }

    [Test]
    public async Task Proxy_DroppedWatch_EndsTheClientsStreamWithAnError()
    {
        using var client = Cluster.CreateClient("operator-2");
        var ns = await Cluster.EnsureNamespaceAsync(Cluster.Ns("drop"));
        var watching = Task.Run(async () =>
        {
            await foreach (var _ in client.AppsV1.WatchListNamespacedDeploymentAsync(ns, timeoutSeconds: 60, onError: e => throw e))
            {
            }
        });
        await Cluster.WaitForRequestAsync(r => r.Verb == "watch" && r.User == "operator-2");

        Cluster.DropWatchConnections();

        var ended = async () => await watching.WaitAsync(TimeSpan.FromSeconds(10));
        await ended.Should().ThrowAsync<Exception>().Where(e => e is IOException || e is HttpRequestException);
    }

    private async Task<PushedImage> PushAsync(RegistryProcess registry, bool multiPlatform, string? user = null, string? password = null)
    {
        var seed = 9000 + Interlocked.Increment(ref _pushes);
        var spec = multiPlatform ? ImageSpec.MultiPlatform(ManifestFormat.Oci, seed, 2048) : ImageSpec.SinglePlatform(ManifestFormat.Docker, seed, 2048);
        return await new ImageFactory(registry.Host, user, password).PushAsync($"bed/img-{seed}", "1.0", spec);
    }

    private async Task<IReadOnlyList<V1Pod>> WaitForRunningPodsAsync(string ns, string app, int count)
    {
        IReadOnlyList<V1Pod> ready = [];
        await WaitAsync(async () =>
        {
            ready = [.. (await Cluster.PodsAsync(ns, app)).Where(p => p.Status?.Phase == "Running" && p.Status.ContainerStatuses?.All(c => c.Ready) == true)];
            return ready.Count == count;
        }, $"{count} pods of {ns}/{app} run and are ready");
        return ready;
    }

    private static Task WaitAsync(Func<Task<bool>> condition, string what) => Wait.UntilAsync(condition, () => what, TimeSpan.FromSeconds(60));
}
