using k8s;
using k8s.Models;

namespace ImageClone.Tests.Support.FakeKube;

public class RolloutSimulatorTests : FakeKubeTest
{
    protected override FakeKubeOptions Options => new()
    {
        NodeCount = 3,
        ImageIdResolver = image => $"docker-pullable://{image.Split(':')[0]}@sha256:{image.Length:x64}",
    };

    [Test]
    public async Task Create_Deployment_StatusIsHealthyForItsGeneration()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(
            SampleWorkloads.Deployment("shop", "web", 2, [], ("app", "nginx:1.25")), "shop");

        var status = (await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop")).Status;

        status.Should().BeEquivalentTo(new { ObservedGeneration = 1L, Replicas = 2, UpdatedReplicas = 2, ReadyReplicas = 2, AvailableReplicas = 2 });
        status.UnavailableReplicas.Should().BeNull();
    }

    [Test]
    public async Task Create_DeploymentAndDaemonSetOfOneName_EachGetsItsOwnPods()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(SampleWorkloads.Deployment("shop", "web", 2, [], ("app", "nginx:1.25")), "shop");
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(SampleWorkloads.DaemonSet("shop", "web", ("agent", "fluentd:1")), "shop");

        var pods = (await Client.CoreV1.ListNamespacedPodAsync("shop")).Items;

        pods.Should().HaveCount(2 + 3);
        pods.Select(p => p.Metadata.Name).Should().OnlyHaveUniqueItems();
        pods.Count(p => p.Metadata.OwnerReferences.Single().Kind == "DaemonSet").Should().Be(3);
    }

    [Test]
    public async Task Patch_NewImage_ObservedGenerationFollowsAndPodsAreReplaced()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", 2, [], ("app", "nginx:1.25")));

        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.26"}]}}}}""", V1Patch.PatchType.StrategicMergePatch), "web", "shop");

        var deployment = Server.Get<V1Deployment>("shop", "web")!;
        deployment.Status.ObservedGeneration.Should().Be(2);
        var pods = (await Client.CoreV1.ListNamespacedPodAsync("shop", labelSelector: "app=web")).Items;
        pods.Should().HaveCount(2).And.OnlyContain(p => p.Spec.Containers[0].Image == "nginx:1.26");
        pods.Should().OnlyContain(p => p.Metadata.OwnerReferences.Single().Uid == deployment.Metadata.Uid);
    }

    [Test]
    public async Task Pods_InitAndMainContainers_CarryResolverImageIds()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", 1, [("init", "busybox:1")], ("app", "nginx:1.25")));

        var pod = (await Client.CoreV1.ListNamespacedPodAsync("shop", labelSelector: "app=web")).Items.Single();

        pod.Status.InitContainerStatuses.Single().Should().BeEquivalentTo(new { Name = "init", Image = "busybox:1", ImageID = $"docker-pullable://busybox@sha256:{9:x64}" });
        pod.Status.ContainerStatuses.Single().Should().BeEquivalentTo(new { Name = "app", Image = "nginx:1.25", ImageID = $"docker-pullable://nginx@sha256:{10:x64}" });
    }

    [Test]
    public async Task Hold_ExistingDeployment_StaysUnavailableUntilReleased()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", 2, [], ("app", "nginx:1.25")));

        Server.Rollouts.Hold("shop", "web");
        var held = (await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop")).Status;
        Server.Rollouts.Release("shop", "web");
        var released = (await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop")).Status;

        held.Should().BeEquivalentTo(new { AvailableReplicas = (int?)0, UnavailableReplicas = (int?)2 });
        released.Should().BeEquivalentTo(new { AvailableReplicas = (int?)2, UnavailableReplicas = (int?)null });
    }

    [Test]
    public async Task Hold_BeforeCreate_NewDeploymentIsUnavailable()
    {
        Server.Rollouts.Hold("shop", "web");

        await Client.AppsV1.CreateNamespacedDeploymentAsync(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")), "shop");

        var deployment = Server.Get<V1Deployment>("shop", "web")!;
        deployment.Status.AvailableReplicas.Should().Be(0);
        deployment.Status.UnavailableReplicas.Should().Be(1);
    }

    [Test]
    public async Task Create_DaemonSet_StatusCountsNodes()
    {
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(SampleWorkloads.DaemonSet("ops", "agent", ("agent", "fluentd:1")), "ops");

        var daemonSet = await Client.AppsV1.ReadNamespacedDaemonSetAsync("agent", "ops");

        daemonSet.Status.Should().BeEquivalentTo(new
        {
            ObservedGeneration = 1L,
            DesiredNumberScheduled = 3,
            CurrentNumberScheduled = 3,
            UpdatedNumberScheduled = 3,
            NumberAvailable = 3,
            NumberReady = 3,
        });
        (await Client.CoreV1.ListNamespacedPodAsync("ops")).Items.Should().HaveCount(3);
    }

    [Test]
    public async Task Watch_RolloutAfterPatch_SeesSpecThenStatusModification()
    {
        var seeded = Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        await using var watch = new WatchCollector<V1Deployment>(ct => Client.AppsV1.WatchListNamespacedDeploymentAsync(
            "shop", resourceVersion: seeded.Metadata.ResourceVersion, onError: e => throw e, cancellationToken: ct));

        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.26"}]}}}}""", V1Patch.PatchType.StrategicMergePatch), "web", "shop");

        var events = await watch.WaitForAsync(e => e.Any(x => x.Object.Status?.ObservedGeneration == 2));
        events.Should().OnlyContain(e => e.Type == WatchEventType.Modified);
        events[^2].Object.Status.ObservedGeneration.Should().Be(1);
        events[^1].Object.Status.AvailableReplicas.Should().Be(1);
    }

    [Test]
    public async Task Delete_Deployment_DeletesItsPods()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", 2, [], ("app", "nginx:1.25")));

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("web", "shop");

        Server.List<V1Pod>("shop").Should().BeEmpty();
    }
}
