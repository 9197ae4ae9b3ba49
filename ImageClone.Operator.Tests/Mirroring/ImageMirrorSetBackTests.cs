using ImageClone.Mirroring;

namespace ImageClone.Tests.Mirroring;

/// <summary>A workload the operator rewrote that runs its original image again was set back by someone: it is not rewritten again.</summary>
public class ImageMirrorSetBackTests
{
    private static readonly string Copy = MirrorTestFixture.Mirrored("nginx:1.25") + "@sha256:" + new string('a', 64);

    [Test]
    public void Screen_RewrittenWorkloadRunsItsOriginalAgain_IsSetBackNamingTheCopyItHad()
    {
        var snapshot = Rewritten("nginx:1.25");

        var decision = new MirrorTestFixture().Mirror.Screen(snapshot);

        decision.Should().BeOfType<MirrorSetBack>().Which.Containers.Should().Equal(new ImageRewrite("c0", false, "nginx:1.25", Copy));
    }

    [Test]
    public async Task DecideAsync_RewrittenWorkloadMovedToANewSourceImage_IsMirroredAsUsual()
    {
        var fixture = new MirrorTestFixture();

        var decision = await fixture.Mirror.DecideAsync(Rewritten("nginx:1.27"), CancellationToken.None);

        decision.Should().BeOfType<MirrorRewrite>("a new version is a new image to mirror, not a set-back")
            .Which.Rewrites.Single().From.Should().Be("nginx:1.27");
    }

    private static WorkloadSnapshot Rewritten(string image) => MirrorTestFixture.Snapshot(image) with
    {
        Annotations = new Dictionary<string, string>
        {
            [OriginalImages.AnnotationName] = """{"containers":{"c0":"nginx:1.25"},"initContainers":{}}""",
            [OriginalImages.RewrittenAnnotationName] = """{"containers":{"c0":"COPY"},"initContainers":{}}""".Replace("COPY", Copy, StringComparison.Ordinal),
        },
    };
}
