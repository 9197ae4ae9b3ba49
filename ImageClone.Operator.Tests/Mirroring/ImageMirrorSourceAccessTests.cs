using ImageClone.Mirroring;

namespace ImageClone.Tests.Mirroring;

/// <summary>Only a digest the workload's pods already run may be served from the mirror without the source vouching for the workload.</summary>
public class ImageMirrorSourceAccessTests
{
    private const string RunningDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string SpecDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    [TestCase("nginx:1.25", true, false, TestName = "DecideAsync_TagPinnedToTheRunningDigest_SkipsTheSourceCheck")]
    [TestCase("nginx@" + RunningDigest, true, false, TestName = "DecideAsync_SpecDigestThePodsRun_SkipsTheSourceCheck")]
    [TestCase("nginx@" + SpecDigest, true, true, TestName = "DecideAsync_SpecDigestThePodsDoNotRun_ChecksTheSource")]
    [TestCase("nginx@" + SpecDigest, false, true, TestName = "DecideAsync_SpecDigestWithoutRunningPods_ChecksTheSource")]
    [TestCase("nginx:1.25", false, true, TestName = "DecideAsync_TagWithoutRunningPods_ChecksTheSource")]
    public async Task DecideAsync_SourceCheckFollowsWhereTheDigestCameFrom(string image, bool podsRunDigest, bool checksSource)
    {
        var fixture = new MirrorTestFixture();
        var running = podsRunDigest ? new Dictionary<string, string> { ["c0"] = RunningDigest } : [];
        var snapshot = MirrorTestFixture.Snapshot(image) with { RunningImageIds = running };

        await fixture.Mirror.DecideAsync(snapshot, CancellationToken.None);

        fixture.Copier.Requests.Should().ContainSingle().Which.CheckSourceAccess.Should().Be(checksSource);
    }
}
