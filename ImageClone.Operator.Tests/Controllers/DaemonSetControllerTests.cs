using ImageClone.Controllers;
using ImageClone.Mirroring;
using ImageClone.Tests.Support.FakeKube;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

public class DaemonSetControllerTests
{
    private ControllerTestFixture fixture = null!;

    [SetUp]
    public async Task StartAsync() => fixture = await ControllerTestFixture.StartAsync();

    [TearDown]
    public async Task StopAsync() => await fixture.DisposeAsync();

    [Test]
    public async Task ReconcileAsync_HealthyDaemonSet_RewritesAndSecondPassWritesNothing()
    {
        fixture.Server.Create(SampleWorkloads.DaemonSet(ControllerTestFixture.Namespace, "agent", ("agent", "fluent/fluent-bit:3.0")));

        var first = await fixture.DaemonSets.ReconcileAsync(Stored(), CancellationToken.None);
        fixture.Server.ClearRequests();
        var second = await fixture.DaemonSets.ReconcileAsync(Stored(), CancellationToken.None);

        (first.IsSuccess, second.IsSuccess).Should().Be((true, true));
        Stored().Spec.Template.Spec.Containers.Single().Image.Should().Be(
            $"mirror.example.com/backup/docker.io_fluent_fluent-bit:3.0@{ControllerTestFixture.RunningDigestOf("fluent/fluent-bit:3.0")}");
        Stored().Metadata.Annotations.Should().ContainKey(OriginalImages.AnnotationName);
        fixture.Server.Requests.Where(r => r.Resource is not null).Should().BeEmpty();
        fixture.Server.Events(ControllerTestFixture.Namespace, "agent").Should().Contain(e => e.Reason == WorkloadEventReasons.WorkloadRewritten
            && e.InvolvedObject.Kind == "DaemonSet");
    }

    [Test]
    public async Task ReconcileAsync_DaemonSetRolloutHeld_WaitsWithoutWriting()
    {
        fixture.Server.Rollouts.Hold(ControllerTestFixture.Namespace, "agent");
        fixture.Server.Create(SampleWorkloads.DaemonSet(ControllerTestFixture.Namespace, "agent", ("agent", "fluent/fluent-bit:3.0")));

        var result = await fixture.DaemonSets.ReconcileAsync(Stored(), CancellationToken.None);

        result.RequeueAfter.Should().Be(TimeSpan.FromSeconds(15));
        fixture.Writes("daemonsets").Should().BeEmpty();
    }

    [Test]
    public async Task DeletedAsync_AfterWaits_ForgetsBackoff()
    {
        fixture.Server.Rollouts.Hold(ControllerTestFixture.Namespace, "agent");
        fixture.Server.Create(SampleWorkloads.DaemonSet(ControllerTestFixture.Namespace, "agent", ("agent", "fluent/fluent-bit:3.0")));
        await fixture.DaemonSets.ReconcileAsync(Stored(), CancellationToken.None);
        var secondWait = await fixture.DaemonSets.ReconcileAsync(Stored(), CancellationToken.None);

        var deleted = await fixture.DaemonSets.DeletedAsync(Stored(), CancellationToken.None);
        var afterDelete = await fixture.DaemonSets.ReconcileAsync(Stored(), CancellationToken.None);

        deleted.IsSuccess.Should().BeTrue();
        (secondWait.RequeueAfter, afterDelete.RequeueAfter).Should().Be((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15)));
    }

    private V1DaemonSet Stored() => fixture.Server.Get<V1DaemonSet>(ControllerTestFixture.Namespace, "agent")!;
}
