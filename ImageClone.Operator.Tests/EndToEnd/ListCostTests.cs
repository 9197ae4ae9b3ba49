using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>What the operator's reads cost the API server: workload lists come in pages, pod lists from the watch cache.</summary>
[TestFixture]
internal sealed class ListCostTests : ClusterTest
{
    [Test]
    public async Task Operator_MoreDeploymentsThanAPage_ListsInPagesAndReadsPodsFromTheWatchCache()
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
        var podLists = requests.Where(r => r.Verb == "list" && r.Resource == "pods").ToList();
        podLists.Should().NotBeEmpty().And.OnlyContain(r => r.Path.Contains("resourceVersion=0", StringComparison.Ordinal));
    }
}
