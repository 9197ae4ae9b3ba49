using ImageClone.Mirroring;
using ImageClone.Registry;

namespace ImageClone.Tests.Mirroring;

/// <summary>The pin names what the source tag names, whatever form of image ID the running pods report.</summary>
public class ImageMirrorPinTests
{
    private const string Tag = "docker.io/library/nginx:1.25";
    private const string Index = "sha256:1000000000000000000000000000000000000000000000000000000000000000";
    private const string Amd64 = "sha256:2000000000000000000000000000000000000000000000000000000000000000";
    private const string Arm64 = "sha256:3000000000000000000000000000000000000000000000000000000000000000";
    private const string Older = "sha256:4000000000000000000000000000000000000000000000000000000000000000";
    private const string OlderIndex = "sha256:5000000000000000000000000000000000000000000000000000000000000000";
    private const string Mirrored = "mirror.example.com/backup/docker.io_library_nginx:1.25";
    private static readonly ImagePlatform LinuxAmd64 = new("linux", "amd64");
    private static readonly ImagePlatform LinuxArm64 = new("linux", "arm64");

    [TestCase(Index, false, TestName = "DecideAsync_PodsReportTheIndex_PinsTheIndex")]
    [TestCase(Amd64, false, TestName = "DecideAsync_PodsReportAPlatformChild_PinsTheIndex")]
    [TestCase("config of " + Amd64, true, TestName = "DecideAsync_PodsReportAChildsConfigId_PinsTheIndex")]
    public async Task DecideAsync_RunningIdWithinTheTag_PinsTheWholeIndexAndTagsTheTarget(string reported, bool isConfig)
    {
        var fixture = MultiArchFixture();
        var id = isConfig ? new RunningImageId(FakeImageCopier.DigestOf(reported), true) : new RunningImageId(reported, false);

        var rewrite = await RewriteAsync(fixture, [id]);

        rewrite.To.Should().Be($"{Mirrored}@{Index}");
        rewrite.PinNote.Should().BeNull();
        var request = fixture.Copier.Requests.Should().ContainSingle().Which;
        request.Source.Digest.Should().Be(Index);
        request.TagTarget.Should().BeTrue("the target tag gets the source tag's whole content");
    }

    [Test]
    public async Task DecideAsync_PodsOnDifferentRuntimes_IndexAndChildAndConfig_PinsTheIndex()
    {
        var fixture = MultiArchFixture();

        var rewrite = await RewriteAsync(fixture, [new(Index, false), new(Arm64, false), new(FakeImageCopier.DigestOf("config of " + Amd64), true)]);

        rewrite.To.Should().Be($"{Mirrored}@{Index}");
        rewrite.PinNote.Should().BeNull();
    }

    [Test]
    public async Task DecideAsync_PodsReportNothingUsable_PinsTheTagAndSaysSo()
    {
        var fixture = MultiArchFixture();

        var rewrite = await RewriteAsync(fixture, []);

        rewrite.To.Should().Be($"{Mirrored}@{Index}");
        rewrite.PinNote.Should().Contain("no usable image ID").And.Contain("pinned what");
    }

    [Test]
    public async Task DecideAsync_PodsDisagreeWithTheTag_PinsTheTagAndSaysSo()
    {
        var fixture = MultiArchFixture();

        var rewrite = await RewriteAsync(fixture, [new(Amd64, false), new(Older, false)]);

        rewrite.To.Should().Be($"{Mirrored}@{Index}");
        rewrite.PinNote.Should().Contain(Older).And.Contain("pinned what it names now");
    }

    [Test]
    public async Task DecideAsync_TagMovedOn_EveryNodeSharesThePlatform_PinsWhatRunsWithoutTouchingTheTag()
    {
        var fixture = MultiArchFixture();
        fixture.Copier.Platforms[Older] = LinuxAmd64;

        var rewrite = await RewriteAsync(fixture, [new(Older, false)], LinuxAmd64);

        rewrite.To.Should().Be($"{Mirrored}@{Older}");
        rewrite.PinNote.Should().Contain($"now names {Index}").And.Contain("linux/amd64");
        var request = fixture.Copier.Requests.Should().ContainSingle().Which;
        request.Source.Digest.Should().Be(Older);
        request.TagTarget.Should().BeFalse("one platform of an older image must not replace the tag's whole content");
    }

    [Test]
    public async Task DecideAsync_TagMovedOn_WorkloadCanRunOnAnotherPlatform_PinsTheTagAndSaysSo()
    {
        var fixture = MultiArchFixture();
        fixture.Copier.Platforms[Older] = LinuxAmd64;

        var rewrite = await RewriteAsync(fixture, [new(Older, false)], LinuxAmd64, LinuxArm64);

        rewrite.To.Should().Be($"{Mirrored}@{Index}");
        rewrite.PinNote.Should().Contain(Older).And.Contain("linux/arm64").And.Contain("pinned what it names now");
        fixture.Copier.Requests.Should().ContainSingle().Which.TagTarget.Should().BeTrue();
    }

    [Test]
    public async Task DecideAsync_TagMovedOn_NoNodeKnown_PinsTheTag()
    {
        var fixture = MultiArchFixture();
        fixture.Copier.Platforms[Older] = LinuxAmd64;

        var rewrite = await RewriteAsync(fixture, [new(Older, false)]);

        rewrite.To.Should().Be($"{Mirrored}@{Index}");
        rewrite.PinNote.Should().Contain("no node it can run on is known");
    }

    [Test]
    public async Task DecideAsync_TagMovedOn_PodsRunAnOlderIndex_PinsThatIndexWithoutTouchingTheTag()
    {
        var fixture = MultiArchFixture();
        fixture.Copier.Manifests[OlderIndex] = new ImageTree(OlderIndex, true, [new(Older, LinuxAmd64)], null);

        var rewrite = await RewriteAsync(fixture, [new(OlderIndex, false)], LinuxAmd64, LinuxArm64);

        rewrite.To.Should().Be($"{Mirrored}@{OlderIndex}");
        rewrite.PinNote.Should().Contain("every platform");
        fixture.Copier.Requests.Should().ContainSingle().Which.TagTarget.Should().BeFalse();
    }

    [Test]
    public async Task DecideAsync_SourceGone_MirrorTagHoldsTheIndexOfWhatRuns_PinsTheMirrorsIndex()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.TagDigests[Tag] = null;
        fixture.Copier.Manifests[Mirrored] = IndexTree();

        var rewrite = await RewriteAsync(fixture, [new(Amd64, false)], LinuxAmd64, LinuxArm64);

        rewrite.To.Should().Be($"{Mirrored}@{Index}");
        rewrite.PinNote.Should().Contain("gone").And.Contain("mirror's copy");
        var request = fixture.Copier.Requests.Should().ContainSingle().Which;
        request.CheckSourceAccess.Should().BeFalse("the pods run part of it; the source can no longer vouch");
        request.Source.Digest.Should().Be(Index);
    }

    [Test]
    public async Task DecideAsync_SourceGone_OnlyOnePlatformLeft_WorkloadCanRunElsewhere_NotRewritten()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.TagDigests[Tag] = null;
        fixture.Copier.Manifests[$"mirror.example.com/backup/docker.io_library_nginx@{Amd64}"] = FakeImageCopier.SingleManifest(Amd64);
        fixture.Copier.Platforms[Amd64] = LinuxAmd64;

        var decision = await fixture.Mirror.DecideAsync(Snapshot([new(Amd64, false)], LinuxAmd64, LinuxArm64), CancellationToken.None);

        var failure = decision.Should().BeOfType<MirrorCopyFailed>().Which.Failures.Should().ContainSingle().Which;
        failure.Cause.Should().Contain("gone").And.Contain("linux/arm64").And.Contain(Amd64);
        fixture.Copier.Requests.Should().BeEmpty("nothing is copied without a pin that every node can run");
    }

    [Test]
    public async Task DecideAsync_SourceGone_OnlyOnePlatformLeft_EveryNodeSharesIt_PinsItByDigest()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.TagDigests[Tag] = null;
        fixture.Copier.Manifests[$"mirror.example.com/backup/docker.io_library_nginx@{Amd64}"] = FakeImageCopier.SingleManifest(Amd64);
        fixture.Copier.Platforms[Amd64] = LinuxAmd64;

        var rewrite = await RewriteAsync(fixture, [new(Amd64, false)], LinuxAmd64);

        rewrite.To.Should().Be($"{Mirrored}@{Amd64}");
        fixture.Copier.Requests.Should().ContainSingle().Which.TagTarget.Should().BeFalse();
    }

    [TestCase(Index, true, TestName = "DecideAsync_WrittenDigestTheTagNames_TagsTheTarget")]
    [TestCase(Amd64, false, TestName = "DecideAsync_WrittenDigestTheTagDoesNotName_PushesByDigestOnly")]
    public async Task DecideAsync_WrittenDigest_IsCopiedAsWritten(string written, bool tagsTarget)
    {
        var fixture = MultiArchFixture();

        var decision = await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot($"nginx:1.25@{written}"), CancellationToken.None);

        decision.Should().BeOfType<MirrorRewrite>().Which.Rewrites.Single().To.Should().Be($"{Mirrored}@{written}");
        fixture.Copier.Requests.Should().ContainSingle().Which.TagTarget.Should().Be(tagsTarget);
    }

    private static MirrorTestFixture MultiArchFixture()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.TagDigests[Tag] = Index;
        fixture.Copier.Manifests[Index] = IndexTree();
        return fixture;
    }

    private static ImageTree IndexTree() => new(Index, true, [new(Amd64, LinuxAmd64), new(Arm64, LinuxArm64)], null);

    private static WorkloadSnapshot Snapshot(IReadOnlyList<RunningImageId> running, params ImagePlatform[] nodes) =>
        MirrorTestFixture.Snapshot("nginx:1.25") with
        {
            RunningImageIds = new Dictionary<string, IReadOnlyList<RunningImageId>> { ["c0"] = running },
            NodePlatforms = _ => Task.FromResult<IReadOnlyList<ImagePlatform>>(nodes),
        };

    private static async Task<ImageRewrite> RewriteAsync(MirrorTestFixture fixture, IReadOnlyList<RunningImageId> running, params ImagePlatform[] nodes)
    {
        var decision = await fixture.Mirror.DecideAsync(Snapshot(running, nodes), CancellationToken.None);
        return decision.Should().BeOfType<MirrorRewrite>().Which.Rewrites.Should().ContainSingle().Which;
    }
}
