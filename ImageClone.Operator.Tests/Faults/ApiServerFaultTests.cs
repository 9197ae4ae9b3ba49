using System.Net;
using ImageClone.Tests.Support.FakeKube;

namespace ImageClone.Tests.Faults;

/// <summary>API server faults while a handful of workloads converge: each still gets exactly one successful write.</summary>
[TestFixture]
internal sealed class ApiServerFaultTests : ProxiedClusterTest
{
    [Test]
    public async Task Operator_BurstsOfConflictsOnPatch_OneSuccessfulWritePerWorkload()
    {
        Cluster.Server.Faults.FailNext("patch", "deployments", HttpStatusCode.Conflict, count: 8);
        Cluster.Server.Faults.FailNext("patch", "daemonsets", HttpStatusCode.Conflict, count: 2);

        await ConvergeAsync(() => Task.CompletedTask, "conflict-a", "conflict-b", "conflict-c");

        Cluster.Server.Requests.Count(r => r.Verb == "patch" && r.StatusCode == 409).Should().Be(10);
    }

    [Test]
    public async Task Operator_ServerErrorsOnPatch_ConvergesOnceTheyStopWithOneSuccessfulWritePerWorkload()
    {
        Cluster.Server.Faults.FailAll("patch", "deployments", HttpStatusCode.InternalServerError);
        Cluster.Server.Faults.FailNext("patch", "daemonsets", HttpStatusCode.ServiceUnavailable, count: 3);

        await ConvergeAsync(async () =>
        {
            await Cluster.Server.WaitForRequestAsync(r => r.Verb == "patch" && r.StatusCode == 500, TimeSpan.FromSeconds(30));
            Cluster.Server.Faults.Clear();
        }, "failing-a", "failing-b");
    }

    [Test]
    public async Task Operator_WatchesExpiredAndDroppedWhileConverging_OneSuccessfulWritePerWorkload()
    {
        Cluster.Server.ExpiredWatchReply = ExpiredWatchReply.HttpGone;

        await ConvergeAsync(async () =>
        {
            await Cluster.Server.WaitForRequestAsync(r => r.Verb == "watch" && r.Resource == "deployments", TimeSpan.FromSeconds(30));
            Cluster.Server.ExpireWatches();
            Cluster.Server.DropWatchConnections();
            var late = await Proxies.PushAsync("late");
            Cluster.Server.Create(SampleWorkloads.Deployment(Namespace, "late", ("app", late.Reference)));
            Cluster.Server.DropWatchConnections();
            await Cluster.Server.WaitForRequestAsync(r => r.Verb == "patch" && r.Name == "late" && r.StatusCode == 200, TimeSpan.FromSeconds(30));
        }, "watched-a", "watched-b", "watched-c");

        AcceptedWrites("deployments", "late").Should().Be(1);
    }

    /// <summary>Deployments and a DaemonSet per name; <paramref name="whileRunning"/> acts once the operator runs.</summary>
    private async Task ConvergeAsync(Func<Task> whileRunning, params string[] names)
    {
        var images = new List<ProxiedImage>();
        foreach (var name in names)
        {
            var image = await DeployAsync(name);
            Cluster.Server.Create(SampleWorkloads.DaemonSet(Namespace, $"{name}-agent", ("agent", image.Reference)));
            images.Add(image);
        }

        await using var replica = await StartOperatorAsync();
        await whileRunning();
        foreach (var image in images)
        {
            await WaitForMirroredAsync(image);
            await Cluster.WaitForDaemonSetImagesAsync(Namespace, $"{image.Name}-agent", Proxies.MirrorOf(image));
            await Cluster.WaitForAcceptedWriteAsync("daemonsets", Namespace, $"{image.Name}-agent");
        }

        foreach (var image in images)
        {
            AcceptedWrites("deployments", image.Name).Should().Be(1, $"Deployment {image.Name} is written once");
            AcceptedWrites("daemonsets", $"{image.Name}-agent").Should().Be(1, $"DaemonSet {image.Name} is written once");
        }
    }
}
