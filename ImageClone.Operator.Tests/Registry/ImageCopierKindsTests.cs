using ImageClone.Tests.Support;

namespace ImageClone.Tests.Registry;

public class ImageCopierKindsTests
{
    [TestCase(ManifestFormat.Oci, false)]
    [TestCase(ManifestFormat.Docker, false)]
    [TestCase(ManifestFormat.Oci, true)]
    [TestCase(ManifestFormat.Docker, true)]
    public async Task CopyAsync_ImageKind_TargetServesSourceDigestAndChildren(ManifestFormat format, bool multiPlatform)
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var spec = multiPlatform ? ImageSpec.MultiPlatform(format, 11, 300_000, 5_000) : ImageSpec.SinglePlatform(format, 12, 300_000, 5_000);
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", spec);
        var (copier, _) = CopyTestSetup.Copier([source.Host, target.Host]);

        var result = await copier.CopyAsync(CopyTestSetup.Request(pushed, target), CancellationToken.None);

        result.Digest.Should().Be(pushed.Digest);
        result.AlreadyPresent.Should().BeFalse();
        result.PinnedTarget.ToString().Should().Be($"{target.Host}/mirror/app:v1@{pushed.Digest}");
        result.BlobsCopied.Should().Be(pushed.BlobDigests.Count);
        result.BytesCopied.Should().Be(pushed.TotalBlobBytes);
        (await Skopeo.InspectRawDigestAsync($"{target.Host}/mirror/app:v1")).Should().Be(pushed.Digest);
        foreach (var child in pushed.ChildDigests)
        {
            (await Skopeo.InspectRawDigestAsync($"{target.Host}/mirror/app@{child}")).Should().Be(child);
        }
    }

    [Test]
    public async Task CopyAsync_WithProgress_ReportsUpToTotalBlobBytes()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 13, 3_000_000, 40_000));
        var (copier, _) = CopyTestSetup.Copier([source.Host, target.Host]);
        var reports = new System.Collections.Concurrent.ConcurrentQueue<ImageClone.Registry.CopyProgress>();

        await copier.CopyAsync(CopyTestSetup.Request(pushed, target, progress: new CollectingProgress(reports)), CancellationToken.None);

        reports.Should().NotBeEmpty();
        reports.Should().OnlyContain(report => report.BytesTotal == pushed.TotalBlobBytes);
        reports.Max(report => report.BytesCopied).Should().Be(pushed.TotalBlobBytes);
    }
}
