using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>The operator may hold its own leader Lease and nothing else: other components' leases are out of its reach.</summary>
[TestFixture]
internal sealed class LeaseRbacTests : ClusterTest
{
    [Test]
    public async Task Operator_LeadsWithItsLease_RefusedOtherLeasesHereAndInKubeSystem()
    {
        await using var replica = await OperatorHarness.StartAsync(Cluster);
        await Wait.UntilAsync(() => replica.State.IsLeader, "the replica leads under the committed roles");
        var foreignName = $"kube-controller-manager-{Guid.NewGuid().ToString("N")[..8]}";
        var admin = Cluster.Kube.Admin;
        var inKubeSystem = await admin.CoordinationV1.CreateNamespacedLeaseAsync(Lease(foreignName, "controller-manager"), "kube-system");
        var neighbour = await admin.CoordinationV1.CreateNamespacedLeaseAsync(Lease("another-leader", "other-operator"), Cluster.ControllerNamespace);
        using var client = Cluster.Kube.CreateOperatorClient("lease-probe");
        try
        {
            (await client.CoordinationV1.ReadNamespacedLeaseAsync("imageclone-leader", Cluster.ControllerNamespace)).Spec.HolderIdentity.Should().Be(replica.Identity);

            await RefusedAsync(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(Taken(inKubeSystem), foreignName, "kube-system"));
            await RefusedAsync(() => client.CoordinationV1.CreateNamespacedLeaseAsync(Lease($"{foreignName}-new", "intruder"), "kube-system"));
            await RefusedAsync(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(Taken(neighbour), "another-leader", Cluster.ControllerNamespace));
            await RefusedAsync(() => client.CoordinationV1.ReadNamespacedLeaseAsync("another-leader", Cluster.ControllerNamespace));
            (await admin.CoordinationV1.ReadNamespacedLeaseAsync(foreignName, "kube-system")).Spec.HolderIdentity.Should().Be("controller-manager");
        }
        finally
        {
            await admin.CoordinationV1.DeleteNamespacedLeaseAsync(foreignName, "kube-system");
        }
    }

    private static V1Lease Lease(string name, string holder) =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Spec = new V1LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = 15 } };

    private static V1Lease Taken(V1Lease lease)
    {
        lease.Spec.HolderIdentity = "imageclone";
        return lease;
    }

    private static async Task RefusedAsync(Func<Task> call) =>
        (await call.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
}
