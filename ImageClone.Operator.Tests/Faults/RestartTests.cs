using ImageClone.Tests.EndToEnd;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.Faults;

/// <summary>
/// A replica stopped gracefully (a rolling update, a drained node) hands its Lease back, so the next replica leads at
/// once instead of waiting out the lease (15 s in production: the fleet benchmark's restart spent it idle).
/// </summary>
[TestFixture]
internal sealed class RestartTests : ProxiedClusterTest
{
    private static readonly OperatorHarnessOptions LongLease = new()
    {
        LeaseDuration = TimeSpan.FromMinutes(5),
        RenewDeadline = TimeSpan.FromMinutes(4),
    };

    [Test]
    public async Task Operator_StoppedGracefully_ReleasesItsLeaseAndTheNextReplicaLeadsAndConverges()
    {
        var first = await StartOperatorAsync(LongLease with { User = "replica-one" });
        await Wait.UntilAsync(() => first.State.IsLeader, "the first replica leads");
        await first.StopAsync();

        (await LeaseAsync()).Spec.HolderIdentity.Should().BeNullOrEmpty("a replica that stops gracefully releases its lease");

        var image = await DeployAsync("after-restart");
        await using var second = await StartOperatorAsync(LongLease with { User = "replica-two" });
        await WaitForMirroredAsync(image);
        (await LeaseAsync()).Spec.HolderIdentity.Should().Be(second.Identity);
    }

    private Task<V1Lease> LeaseAsync() => Cluster.Kube.Admin.CoordinationV1.ReadNamespacedLeaseAsync("imageclone-leader", Cluster.ControllerNamespace);
}
