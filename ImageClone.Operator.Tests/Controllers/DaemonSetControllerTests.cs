using ImageClone.Controllers;
using ImageClone.Mirroring;
using ImageClone.Tests.Support.FakeKube;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

internal sealed class DaemonSetControllerTests : ControllerTest
{
    [Test]
    public async Task ReconcileAsync_HealthyDaemonSet_RewritesAndSecondPassWritesNothing()
    {
        Fixture.Server.Create(SampleWorkloads.DaemonSet(ControllerTestFixture.Namespace, "agent", ("agent", "fluent/fluent-bit:3.0")));

        var first = await Fixture.DaemonSets.ReconcileAsync(Stored(), CancellationToken.None);
        Fixture.Server.ClearRequests();
        var second = await Fixture.DaemonSets.ReconcileAsync(Stored(), CancellationToken.None);

        (first.IsSuccess, second.IsSuccess).Should().Be((true, true));
        Stored().Spec.Template.Spec.Containers.Single().Image.Should().Be(
            $"mirror.example.com/backup/docker.io_fluent_fluent-bit:3.0@{ControllerTestFixture.RunningDigestOf("fluent/fluent-bit:3.0")}");
        Stored().Metadata.Annotations.Should().ContainKey(OriginalImages.AnnotationName);
        Fixture.Server.Requests.Where(r => r.Resource is not null).Should().BeEmpty();
        Fixture.Server.Events(ControllerTestFixture.Namespace, "agent").Should().Contain(e => e.Reason == WorkloadEventReasons.WorkloadRewritten
            && e.InvolvedObject.Kind == "DaemonSet");
    }

    [Test]
    public async Task ReconcileAsync_DaemonSetRolloutHeld_WaitsWithoutWriting()
    {
        Fixture.Server.Rollouts.Hold(ControllerTestFixture.Namespace, "agent");
        Fixture.Server.Create(SampleWorkloads.DaemonSet(ControllerTestFixture.Namespace, "agent", ("agent", "fluent/fluent-bit:3.0")));

        var result = await Fixture.DaemonSets.ReconcileAsync(Stored(), CancellationToken.None);

        result.RequeueAfter.Should().Be(TimeSpan.FromSeconds(15));
        Fixture.Writes("daemonsets").Should().BeEmpty();
    }

    [Test]
    public async Task DeletedAsync_AfterWaits_ForgetsBackoff()
    {
        Fixture.Server.Rollouts.Hold(ControllerTestFixture.Namespace, "agent");
        Fixture.Server.Create(SampleWorkloads.DaemonSet(ControllerTestFixture.Namespace, "agent", ("agent", "fluent/fluent-bit:3.0")));
        await Fixture.DaemonSets.ReconcileAsync(Stored(), CancellationToken.None);
        var secondWait = await Fixture.DaemonSets.ReconcileAsync(Stored(), CancellationToken.None);

        var deleted = await Fixture.DaemonSets.DeletedAsync(Stored(), CancellationToken.None);
        var afterDelete = await Fixture.DaemonSets.ReconcileAsync(Stored(), CancellationToken.None);

        deleted.IsSuccess.Should().BeTrue();
        (secondWait.RequeueAfter, afterDelete.RequeueAfter).Should().Be((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15)));
    }

    private V1DaemonSet Stored() => Fixture.Server.Get<V1DaemonSet>(ControllerTestFixture.Namespace, "agent")!;
}
