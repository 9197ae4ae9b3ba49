using ImageClone.Mirroring;
using ImageClone.Operator;
using ImageClone.Registry;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// The watch-fed pod cache the controllers read instead of listing pods, on the real API server, as the operator's
/// service account: it lists in pages and follows the watch, keeps only the fields its readers use, leaves out the
/// namespaces that are never mirrored, and relists whole when a continue token expires in the middle of a list.
/// </summary>
[TestFixture]
internal sealed class PodCacheTests : ClusterTest
{
    private const int PageSize = 2;

    private static readonly OperatorSettings Settings = new() { ListPageSize = PageSize, FailureBackoffBase = TimeSpan.FromMilliseconds(100) };

    [Test]
    public async Task PodCache_PodsCreatedAndDeleted_FollowsTheWatchKeepingOnlyTheFieldsReadersUse()
    {
        var ns = await Cluster.Kube.EnsureNamespaceAsync(Shop);
        foreach (var name in new[] { "web-0", "web-1", "web-2" })
        {
            await CreatePendingPodAsync(ns, name, "web");
        }

        var cache = new ReadCache<V1Pod>();
        await using var run = await PodCacheRun.StartAsync(Cluster.Kube.CreateOperatorClient("pod-cache"), cache, Options(), Settings);

        (await PodsAsync(cache, ns)).Should().Equal("web-0", "web-1", "web-2");
        var kept = (await cache.ListAsync(ns, pod => pod.Metadata.Name == "web-0", CancellationToken.None)).Single();
        kept.Metadata.Labels.Should().Contain("app", "web");
        kept.Metadata.Uid.Should().NotBeNullOrEmpty();
        kept.Metadata.ResourceVersion.Should().NotBeNullOrEmpty();
        kept.Metadata.ManagedFields.Should().BeNull("managedFields are what makes a pod large, and no reader uses them");
        kept.Metadata.Annotations.Should().BeNull();
        kept.Spec.Containers.Should().ContainSingle().Which.Should().BeEquivalentTo(new V1Container { Name = "app", Image = "example.invalid/app:1" });
        kept.Spec.Tolerations.Should().BeNull();
        kept.Status.Phase.Should().Be("Pending");

        await CreatePendingPodAsync(ns, "web-3", "web");
        await Cluster.Kube.Admin.CoreV1.DeleteNamespacedPodAsync("web-0", ns, new V1DeleteOptions { GracePeriodSeconds = 0 });
        await Wait.UntilAsync(async () => (await PodsAsync(cache, ns)).SequenceEqual(["web-1", "web-2", "web-3"]), () => $"the cache follows a create and a delete (holds {string.Join(", ", PodsAsync(cache, ns).Result)})");

        var podRequests = Cluster.Kube.Requests.Where(r => r.User == "pod-cache" && r.Resource == "pods").ToList();
        podRequests.Should().OnlyContain(r => r.Path.StartsWith("/api/v1/pods", StringComparison.Ordinal), "pods are read across all namespaces, never per workload");
        podRequests.Where(r => r.Verb == "list").Should().OnlyContain(r => r.Path.Contains($"limit={PageSize}", StringComparison.Ordinal));
        podRequests.Should().Contain(r => r.Verb == "watch");
    }

    [Test]
    public async Task PodCache_NamespacesNeverMirrored_AreLeftOutOnTheServer()
    {
        var mirrored = await Cluster.Kube.EnsureNamespaceAsync(Shop);
        var excluded = await Cluster.Kube.EnsureNamespaceAsync(Ops);
        await CreatePendingPodAsync(mirrored, "kept", "web");
        await CreatePendingPodAsync(excluded, "left-out", "web");

        var cache = new ReadCache<V1Pod>();
        await using var run = await PodCacheRun.StartAsync(Cluster.Kube.CreateOperatorClient("pod-cache-scope"), cache, Options() with { ExcludedNamespaces = new HashSet<string> { excluded } }, Settings);

        (await PodsAsync(cache, mirrored)).Should().Equal("kept");
        (await PodsAsync(cache, excluded)).Should().BeEmpty();
        (await cache.ListAsync("kube-system", _ => true, CancellationToken.None)).Should().BeEmpty();
        Cluster.Kube.Requests.Where(r => r.User == "pod-cache-scope" && r.Resource == "pods")
            .Should().OnlyContain(r => Uri.UnescapeDataString(r.Path).Contains($"metadata.namespace!={excluded}", StringComparison.Ordinal)
                && Uri.UnescapeDataString(r.Path).Contains("metadata.namespace!=kube-system", StringComparison.Ordinal));
    }

    [Test]
    public async Task PodCache_ContinueTokenExpiresMidList_RelistsFromTheStartAndHoldsEveryPod()
    {
        var ns = await Cluster.Kube.EnsureNamespaceAsync(Shop);
        var names = Enumerable.Range(0, 5).Select(i => $"paged-{i}").ToList();
        foreach (var name in names)
        {
            await CreatePendingPodAsync(ns, name, "paged");
        }

        using var expireOnce = new ExpireBeforeFirstContinue(Cluster);
        var cache = new ReadCache<V1Pod>();
        await using var run = await PodCacheRun.StartAsync(Cluster.Kube.CreateOperatorClient("pod-cache-expiry", expireOnce), cache, Options(), Settings);

        (await PodsAsync(cache, ns)).Should().Equal(names);
        expireOnce.Expired.Should().BeTrue("etcd was compacted between the first and the second page");
        var lists = Cluster.Kube.Requests.Where(r => r.User == "pod-cache-expiry" && r.Verb == "list" && r.Resource == "pods").ToList();
        lists.Should().Contain(r => r.StatusCode == 410 && r.Path.Contains("continue=", StringComparison.Ordinal), "the real API server answers an expired continue token with 410");
        lists.SkipWhile(r => r.StatusCode != 410).Skip(1).Should().Contain(r => r.StatusCode == 200 && !r.Path.Contains("continue=", StringComparison.Ordinal), "the list starts again from its first page");
    }

    private MirrorOptions Options() => new(MirrorRepository.Parse("registry.invalid/mirror")) { ControllerNamespace = Cluster.ControllerNamespace };

    private static async Task<IReadOnlyList<string>> PodsAsync(ReadCache<V1Pod> cache, string ns) =>
        [.. (await cache.ListAsync(ns, _ => true, CancellationToken.None)).Select(p => p.Metadata.Name).Order(StringComparer.Ordinal)];

    /// <summary>A pod no simulated node can take (its node selector matches none), so it stays Pending with its fields as created.</summary>
    private Task CreatePendingPodAsync(string ns, string name, string app) => Cluster.Kube.Admin.CoreV1.CreateNamespacedPodAsync(
        new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app }, Annotations = new Dictionary<string, string> { ["note"] = new string('x', 512) } },
            Spec = new V1PodSpec
            {
                NodeSelector = new Dictionary<string, string> { ["testbed.imageclone.io/none"] = "true" },
                Tolerations = [new V1Toleration { OperatorProperty = "Exists" }],
                Containers = [new V1Container { Name = "app", Image = "example.invalid/app:1", Env = [new V1EnvVar { Name = "MODE", Value = "test" }] }],
            },
        },
        ns);

    /// <summary>Compacts etcd once, just before the first request that continues a list, so that its token has expired.</summary>
    private sealed class ExpireBeforeFirstContinue(EndToEndCluster cluster) : DelegatingHandler
    {
        private int _expired;

        public bool Expired => Volatile.Read(ref _expired) == 1;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.Query.Contains("continue=", StringComparison.Ordinal) == true && Interlocked.Exchange(ref _expired, 1) == 0)
            {
                await cluster.Kube.ExpireWatchesAsync();
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
