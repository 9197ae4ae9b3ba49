using System.Net;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;

namespace ImageClone.Tests.Support.FakeKube;

public class FakeKubeLeaseTests
{
    private FakeKubeApiServer _server = null!;

    [SetUp]
    public async Task StartAsync() => _server = await FakeKubeApiServer.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task LeaderElector_TwoCandidates_OneLeadsAndHoldsTheLease()
    {
        using var clientA = _server.CreateClient();
        using var clientB = _server.CreateClient();
        var leaders = new System.Collections.Concurrent.ConcurrentBag<string>();
        var firstLeader = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        using var electorA = Elector(clientA, "a", leaders, firstLeader);
        using var electorB = Elector(clientB, "b", leaders, firstLeader);

        var runs = new[] { electorA.RunUntilLeadershipLostAsync(stop.Token), electorB.RunUntilLeadershipLostAsync(stop.Token) };
        await firstLeader.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var lease = _server.Get<V1Lease>("ops", "imageclone-leader")!;
        await stop.CancelAsync();
        await Task.WhenAll(runs).Awaiting(t => t).Should().NotThrowAsync<HttpOperationException>();

        leaders.Should().ContainSingle();
        lease.Spec.HolderIdentity.Should().Be(leaders.Single());
    }

    [Test]
    public async Task ReplaceLease_StaleResourceVersion_Throws409()
    {
        using var client = _server.CreateClient();
        var created = await client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease { Metadata = new V1ObjectMeta { Name = "l" }, Spec = new V1LeaseSpec { HolderIdentity = "a" } }, "ops");
        created.Spec.HolderIdentity = "b";
        await client.CoordinationV1.ReplaceNamespacedLeaseAsync(created, "l", "ops");
        created.Spec.HolderIdentity = "c";

        var act = () => client.CoordinationV1.ReplaceNamespacedLeaseAsync(created, "l", "ops");

        (await act.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    private static LeaderElector Elector(Kubernetes client, string identity, System.Collections.Concurrent.ConcurrentBag<string> leaders, TaskCompletionSource firstLeader)
    {
        var elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(client, "ops", "imageclone-leader", identity))
        {
            LeaseDuration = TimeSpan.FromSeconds(15),
            RenewDeadline = TimeSpan.FromSeconds(10),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        });
        elector.OnStartedLeading += () =>
        {
            leaders.Add(identity);
            firstLeader.TrySetResult();
        };
        return elector;
    }
}
