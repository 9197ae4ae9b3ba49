using ImageClone.Mirroring;

namespace ImageClone.Tests.Mirroring;

/// <summary>
/// Only a digest the workload's pods already run, or one the source has just named for the workload's credentials, may be
/// served from the mirror without the source vouching for the workload again.
/// </summary>
public class ImageMirrorSourceAccessTests
{
    private const string RunningDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string SpecDigest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    [TestCase("nginx:1.25", true, false, TestName = "DecideAsync_TagResolvedWithTheWorkloadsCredentials_SkipsASecondSourceCheck")]
    [TestCase("nginx@" + RunningDigest, true, false, TestName = "DecideAsync_SpecDigestThePodsRun_SkipsTheSourceCheck")]
    [TestCase("nginx@" + SpecDigest, true, true, TestName = "DecideAsync_SpecDigestThePodsDoNotRun_ChecksTheSource")]
    [TestCase("nginx@" + SpecDigest, false, true, TestName = "DecideAsync_SpecDigestWithoutRunningPods_ChecksTheSource")]
    [TestCase("nginx:1.25", false, false, TestName = "DecideAsync_TagWithoutRunningPods_ResolvedWithTheWorkloadsCredentials")]
    public async Task DecideAsync_SourceCheckFollowsWhereTheDigestCameFrom(string image, bool podsRunDigest, bool checksSource)
    {
        var fixture = new MirrorTestFixture();
        var running = podsRunDigest ? new Dictionary<string, IReadOnlyList<RunningImageId>> { ["c0"] = [new RunningImageId(RunningDigest, false)] } : [];
        fixture.Copier.TagDigests["docker.io/library/nginx:1.25"] = RunningDigest;
        var snapshot = MirrorTestFixture.Snapshot(image) with { RunningImageIds = running };

        await fixture.Mirror.DecideAsync(snapshot, CancellationToken.None);

        fixture.Copier.Requests.Should().ContainSingle().Which.CheckSourceAccess.Should().Be(checksSource);
    }
}
