using System.Net;
using ImageClone.Controllers;
using ImageClone.Mirroring;
using ImageClone.Registry;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.Controllers;

/// <summary>
/// Two workers reconciling two workloads of one namespace both find the operator's pull secret missing and both create
/// it: the one whose create the real API server refuses (409 AlreadyExists) reads again and accepts what the other wrote.
/// </summary>
[TestFixture]
internal sealed class PullSecretWriterRaceTests
{
    private static readonly PullSecretGrant Grant = new("imageclone-pull-secret", "registry.example:5000", new RegistryCredential("puller", "pull-pa55"));

    [Test]
    public async Task EnsureAsync_AnotherWorkerCreatedItMeanwhile_AcceptsTheirsInsteadOfFailing()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ns = await cluster.EnsureNamespaceAsync(cluster.Ns("race"));
        using var first = cluster.CreateOperatorClient("first-worker");
        using var second = cluster.CreateOperatorClient("second-worker");
        (await new PullSecretWriter(first, TimeProvider.System).EnsureAsync(ns, Grant, CancellationToken.None)).Should().BeNull();

        // The second worker read before the first one's create landed: its read answers 404.
        cluster.Faults.FailNext("get", "secrets", HttpStatusCode.NotFound, name: Grant.Name);
        var outcome = await new PullSecretWriter(second, TimeProvider.System).EnsureAsync(ns, Grant, CancellationToken.None);

        outcome.Should().BeNull("the secret the other worker created is the operator's and holds the granted credential");
        var secondWorker = cluster.Requests.Where(r => r.User == "second-worker" && r.Resource == "secrets").ToList();
        secondWorker.Should().Contain(r => r.Verb == "create" && r.StatusCode == 409);
        secondWorker.Last().Should().Match<Support.Kube.Proxy.ApiRequest>(r => r.Verb == "get" && r.StatusCode == 200, "it read the secret again after the conflict");
    }
}
