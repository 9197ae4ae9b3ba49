using System.Net;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.Faults;

/// <summary>API server faults while a handful of workloads converge: each still gets exactly one successful write.</summary>
[TestFixture]
internal sealed class ApiServerFaultTests : ProxiedClusterTest
{
    /// <summary>On the apiserver without watch cache, so that compacting etcd makes the re-watches answer 410.</summary>
    protected override bool Uncached => true;

    [Test]
    public async Task Operator_BurstsOfConflictsOnPatch_OneSuccessfulWritePerWorkload()
    {
        Cluster.Kube.Faults.FailNext("patch", "deployments", HttpStatusCode.Conflict, count: 8);
        Cluster.Kube.Faults.FailNext("patch", "daemonsets", HttpStatusCode.Conflict, count: 2);

        await ConvergeAsync(() => Task.CompletedTask, "conflict-a", "conflict-b", "conflict-c");

        Cluster.Kube.Requests.Count(r => r.Verb == "patch" && r.StatusCode == 409).Should().Be(10);
    }

    [Test]
    public async Task Operator_ServerErrorsOnPatch_ConvergesOnceTheyStopWithOneSuccessfulWritePerWorkload()
    {
        Cluster.Kube.Faults.FailAll("patch", "deployments", HttpStatusCode.InternalServerError);
        Cluster.Kube.Faults.FailNext("patch", "daemonsets", HttpStatusCode.ServiceUnavailable, count: 3);

        await ConvergeAsync(async () =>
        {
            await Cluster.Kube.WaitForRequestAsync(r => r.Verb == "patch" && r.StatusCode == 500, TimeSpan.FromSeconds(30));
            Cluster.Kube.Faults.Clear();
        }, "failing-a", "failing-b");
    }

    [Test]
    public async Task Operator_WatchesExpiredAndDroppedWhileConverging_OneSuccessfulWritePerWorkload()
    {
        await ConvergeAsync(async () =>
        {
            await Cluster.Kube.WaitForRequestAsync(r => r.Verb == "watch" && r.Resource == "deployments", TimeSpan.FromSeconds(30));
            await Cluster.Kube.ExpireWatchesAsync();
            Cluster.Kube.DropWatchConnections();
            var late = await Proxies.PushAsync("late");
            await Cluster.CreateAsync(SampleWorkloads.Deployment(Namespace, "late", ("app", late.Reference)));
            Cluster.Kube.DropWatchConnections();
            await Cluster.Kube.WaitForRequestAsync(r => r.Verb == "patch" && r.Name == "late" && r.StatusCode == 200, TimeSpan.FromSeconds(30));
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
            await Cluster.CreateAsync(SampleWorkloads.DaemonSet(Namespace, $"{name}-agent", ("agent", image.Reference)));
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
