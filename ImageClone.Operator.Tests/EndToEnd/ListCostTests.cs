using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>What the operator's reads cost the API server: workload and pod lists come in pages, and no reconcile lists pods (they come from the pod cache).</summary>
[TestFixture]
internal sealed class ListCostTests : ClusterTest
{
    [Test]
    public async Task Operator_MoreDeploymentsThanAPage_ListsInPagesAndReadsPodsFromItsCache()
    {
        var image = await Registries.PushPublicAsync("paged");
        var names = Enumerable.Range(0, 5).Select(i => $"paged-{i}").ToList();
        foreach (var name in names)
        {
            await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, name, ("app", image.Reference)));
        }

        await using var replica = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { User = "paged", ListPageSize = 2 });

        foreach (var name in names)
        {
            await Cluster.WaitForDeploymentImagesAsync(Shop, name, Registries.MirrorOf(image));
            await Cluster.WaitForAcceptedWriteAsync("deployments", Shop, name);
        }

        var requests = Cluster.Kube.Requests.Where(r => r.User == "paged").ToList();
        var deploymentLists = requests.Where(r => r.Verb == "list" && r.Resource == "deployments").ToList();
        deploymentLists.Should().OnlyContain(r => r.Path.Contains("limit=2", StringComparison.Ordinal));
        deploymentLists.Count(r => r.Path.Contains("continue=", StringComparison.Ordinal)).Should().BeGreaterThanOrEqualTo(2, "at least 5 Deployments (other tests' too) take three pages");
        var podReads = requests.Where(r => r.Resource == "pods" && r.Verb is "list" or "watch" or "get").ToList();
        podReads.Should().Contain(r => r.Verb == "watch").And.OnlyContain(
            r => r.Path.StartsWith("/api/v1/pods", StringComparison.Ordinal), "pods are read across all namespaces by the cache, never per workload");
        var firstPages = podReads.Count(r => r.Verb == "list" && !r.Path.Contains("continue=", StringComparison.Ordinal));
        firstPages.Should().Be(1, "one list fills the cache; 5 reconciles and their requeues read from it");
    }
}
