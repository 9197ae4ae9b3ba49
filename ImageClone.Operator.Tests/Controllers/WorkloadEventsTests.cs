using ImageClone.Controllers;
using ImageClone.Mirroring;
using ImageClone.Tests.Support.Kube;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageClone.Tests.Controllers;

/// <summary>Events on the real API server: repeats are one Event object with a count, told apart by a stable key.</summary>
[TestFixture]
internal sealed class WorkloadEventsTests : ControllerTest
{
    [Test]
    public async Task WarningAsync_SameReasonWithChangingProgressInTheMessage_OneEventCountedWithTheLatestMessage()
    {
        var (events, workload) = await EventsOnDeploymentAsync("waiting");

        foreach (var updated in new[] { 1, 2, 3 })
        {
            await events.NormalAsync(workload, WorkloadEventReasons.WaitingForRollout, $"waiting for the rollout: {updated} of 4 replicas updated", CancellationToken.None);
        }

        var recorded = (await Fixture.EventsAsync("waiting", WorkloadEventReasons.WaitingForRollout)).Should().ContainSingle().Which;
        recorded.Count.Should().Be(3);
        recorded.Message.Should().EndWith("3 of 4 replicas updated");
    }

    [Test]
    public async Task WarningAsync_SameReasonForTwoImages_OneEventPerImage()
    {
        var (events, workload) = await EventsOnDeploymentAsync("two-images");

        await events.WarningAsync(workload, WorkloadEventReasons.CopyFailed, "Image a:1 of container a was not mirrored: 404", CancellationToken.None);
        await events.WarningAsync(workload, WorkloadEventReasons.CopyFailed, "Image b:1 of container b was not mirrored: 404", CancellationToken.None);
        await events.WarningAsync(workload, WorkloadEventReasons.CopyFailed, "Image a:1@sha256:00 of container a was not mirrored: 503", CancellationToken.None);

        var recorded = await Fixture.EventsAsync("two-images", WorkloadEventReasons.CopyFailed);
        recorded.Select(e => (e.Message[..7], e.Count)).Should().BeEquivalentTo([("Image a", 2), ("Image b", 1)], "one event per container, however its cause or image text changes");
    }

    private async Task<(WorkloadEvents Events, Workload Workload)> EventsOnDeploymentAsync(string name)
    {
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, name, ("app", "nginx:1.25")));
        var deployment = await Fixture.DeploymentAsync(name);
        var workload = new Workload(WorkloadKind.Deployment, "apps/v1", deployment.Metadata, deployment.Spec.Template, deployment.Spec.Selector, RolloutStatus.Healthy);
        var client = Fixture.Cluster.CreateOperatorClient("events");
        return (new WorkloadEvents(client, TimeProvider.System, NullLogger<WorkloadEvents>.Instance), workload);
    }
}
