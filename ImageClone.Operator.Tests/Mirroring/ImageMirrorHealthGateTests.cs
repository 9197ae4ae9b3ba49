using ImageClone.Mirroring;

namespace ImageClone.Tests.Mirroring;

public class ImageMirrorHealthGateTests
{
    private static readonly WorkloadSnapshot Unhealthy =
        MirrorTestFixture.Snapshot("nginx:1.25") with { Rollout = RolloutStatus.Unhealthy("1 of 3 replicas updated") };

    [Test]
    public async Task DecideAsync_RolloutUnhealthy_CopiesButWaitsWithReason()
    {
        var fixture = new MirrorTestFixture();

        var decision = await fixture.Mirror.DecideAsync(Unhealthy, CancellationToken.None);

        var wait = decision.Should().BeOfType<MirrorWaitingForRollout>().Which;
        wait.Reason.Should().Be("1 of 3 replicas updated");
        wait.RequeueAfter.Should().Be(TimeSpan.FromSeconds(15));
        wait.Copied.Should().ContainSingle();
        fixture.Copier.Requests.Should().ContainSingle();
    }

    [Test]
    public async Task DecideAsync_StaysUnhealthy_BackoffDoublesUpToFiveMinutes()
    {
        var fixture = new MirrorTestFixture();
        var delays = new List<TimeSpan>();

        for (var i = 0; i < 7; i++)
        {
            delays.Add(((MirrorWaitingForRollout)await fixture.Mirror.DecideAsync(Unhealthy, CancellationToken.None)).RequeueAfter);
        }

        delays.Select(d => d.TotalSeconds).Should().Equal(15, 30, 60, 120, 240, 300, 300);
    }

    [Test]
    public async Task DecideAsync_BecomesHealthy_RewritesAndResetsBackoff()
    {
        var fixture = new MirrorTestFixture();
        await fixture.Mirror.DecideAsync(Unhealthy, CancellationToken.None);
        await fixture.Mirror.DecideAsync(Unhealthy, CancellationToken.None);

        var healthy = await fixture.Mirror.DecideAsync(Unhealthy with { Rollout = RolloutStatus.Healthy }, CancellationToken.None);
        var nextWait = (MirrorWaitingForRollout)await fixture.Mirror.DecideAsync(Unhealthy, CancellationToken.None);

        healthy.Should().BeOfType<MirrorRewrite>();
        nextWait.RequeueAfter.Should().Be(TimeSpan.FromSeconds(15));
    }

    [Test]
    public async Task Forget_AfterWaits_ResetsBackoff()
    {
        var fixture = new MirrorTestFixture();
        await fixture.Mirror.DecideAsync(Unhealthy, CancellationToken.None);
        await fixture.Mirror.DecideAsync(Unhealthy, CancellationToken.None);

        fixture.Mirror.Forget(WorkloadKind.Deployment, "shop", "web");

        ((MirrorWaitingForRollout)await fixture.Mirror.DecideAsync(Unhealthy, CancellationToken.None)).RequeueAfter.Should().Be(TimeSpan.FromSeconds(15));
    }

    [Test]
    public async Task DecideAsync_OtherWorkloadWaiting_KeepsItsOwnBackoff()
    {
        var fixture = new MirrorTestFixture();
        await fixture.Mirror.DecideAsync(Unhealthy, CancellationToken.None);
        await fixture.Mirror.DecideAsync(Unhealthy, CancellationToken.None);

        var other = (MirrorWaitingForRollout)await fixture.Mirror.DecideAsync(Unhealthy with { Name = "api" }, CancellationToken.None);

        other.RequeueAfter.Should().Be(TimeSpan.FromSeconds(15));
    }
}
