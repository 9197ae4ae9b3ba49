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
        wait.Copied.Should().ContainSingle();
        fixture.Copier.Requests.Should().ContainSingle();
    }

    [Test]
    public async Task DecideAsync_StaysUnhealthy_SameDecisionEachTime()
    {
        var fixture = new MirrorTestFixture();

        var first = (MirrorWaitingForRollout)await fixture.Mirror.DecideAsync(Unhealthy, CancellationToken.None);
        var second = (MirrorWaitingForRollout)await fixture.Mirror.DecideAsync(Unhealthy, CancellationToken.None);

        (second.Reason, second.Copied.Count).Should().Be((first.Reason, first.Copied.Count), "mirroring keeps no retry state per workload");
    }

    [Test]
    public async Task DecideAsync_BecomesHealthy_Rewrites()
    {
        var fixture = new MirrorTestFixture();
        await fixture.Mirror.DecideAsync(Unhealthy, CancellationToken.None);

        var healthy = await fixture.Mirror.DecideAsync(Unhealthy with { Rollout = RolloutStatus.Healthy }, CancellationToken.None);

        healthy.Should().BeOfType<MirrorRewrite>();
    }
}
