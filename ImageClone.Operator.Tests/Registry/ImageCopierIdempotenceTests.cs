using ImageClone.Registry;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Registry;

public class ImageCopierIdempotenceTests
{
    [Test]
    public async Task CopyAsync_SecondTime_PushesNothing()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.MultiPlatform(ManifestFormat.Oci, 31, 50_000));
        await CopyTestSetup.Copier([source.Host, target.Host]).Copier.CopyAsync(CopyTestSetup.Request(pushed, target), CancellationToken.None);
        var (copier, recorder) = CopyTestSetup.Copier([source.Host, target.Host]);

        var again = await copier.CopyAsync(CopyTestSetup.Request(pushed, target), CancellationToken.None);

        again.AlreadyPresent.Should().BeTrue();
        again.Digest.Should().Be(pushed.Digest);
        recorder.Writes.Should().BeEmpty();
        recorder.Requests.Should().OnlyContain(request => request.Method == HttpMethod.Head);
    }

    [Test]
    public async Task CopyAsync_SourceTagRepointed_CopiesNewContentAndRepointsTargetTag()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var factory = new ImageFactory(source.Host);
        var first = await factory.PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 32, 20_000));
        var (copier, _) = CopyTestSetup.Copier([source.Host, target.Host]);
        await copier.CopyAsync(CopyTestSetup.Request(first, target), CancellationToken.None);
        var second = await factory.PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 33, 20_000));

        var result = await copier.CopyAsync(CopyTestSetup.Request(second, target), CancellationToken.None);

        result.AlreadyPresent.Should().BeFalse();
        result.Digest.Should().Be(second.Digest).And.NotBe(first.Digest);
        (await Skopeo.InspectRawDigestAsync($"{target.Host}/mirror/app:v1")).Should().Be(second.Digest);
    }

    [Test]
    public async Task CopyAsync_WithoutTagTarget_PushesByDigestAndLeavesTheTargetTagAlone()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.MultiPlatform(ManifestFormat.Oci, 35, 2048));
        var tagged = await new ImageFactory(target.Host).PushAsync("mirror/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 36, 2048));
        var (copier, _) = CopyTestSetup.Copier([source.Host, target.Host]);
        var platformOnly = ImageReference.Parse(pushed.Reference).WithDigest(pushed.ChildDigests[0]);
        var request = CopyTestSetup.Request(pushed, target) with { Source = platformOnly, TagTarget = false };

        var result = await copier.CopyAsync(request, CancellationToken.None);

        result.PinnedTarget.ToString().Should().Be($"{target.Host}/mirror/app:v1@{pushed.ChildDigests[0]}");
        (await Skopeo.InspectRawDigestAsync($"{target.Host}/mirror/app@{pushed.ChildDigests[0]}")).Should().Be(pushed.ChildDigests[0]);
        (await Skopeo.InspectRawDigestAsync($"{target.Host}/mirror/app:v1")).Should().Be(tagged.Digest, "one platform never replaces what the tag holds");
        (await copier.CopyAsync(request, CancellationToken.None)).AlreadyPresent.Should().BeTrue("found by digest the second time");
    }

    [Test]
    public async Task CopyAsync_SameImageTwiceAtOnce_CopiedOnce()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.MultiPlatform(ManifestFormat.Docker, 34, 2_000_000));
        var (copier, recorder) = CopyTestSetup.Copier([source.Host, target.Host]);
        var request = CopyTestSetup.Request(pushed, target);

        var results = await Task.WhenAll(copier.CopyAsync(request, CancellationToken.None), copier.CopyAsync(request, CancellationToken.None));

        results.Select(result => result.Digest).Should().AllBe(pushed.Digest);
        recorder.Requests.Count(r => r.Method == HttpMethod.Get && r.Uri.AbsolutePath.Contains("/blobs/", StringComparison.Ordinal))
            .Should().Be(pushed.BlobDigests.Count);
        recorder.Requests.Count(r => r.Method == HttpMethod.Put && r.Uri.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal))
            .Should().Be(pushed.ChildDigests.Count + 1);
    }

    [Test]
    public async Task CopyAsync_BlobAlreadyInAnotherTargetRepository_MountsInsteadOfStreaming()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 35, 500_000));
        var (copier, recorder) = CopyTestSetup.Copier([source.Host, target.Host]);
        await copier.CopyAsync(CopyTestSetup.Request(pushed, target, "mirror/one"), CancellationToken.None);
        recorder.Requests.Clear();

        var second = await copier.CopyAsync(CopyTestSetup.Request(pushed, target, "mirror/two"), CancellationToken.None);

        second.BlobsMounted.Should().Be(pushed.BlobDigests.Count);
        second.BlobsCopied.Should().Be(0);
        recorder.Requests.Should().NotContain(r => r.Method == HttpMethod.Get && r.Uri.AbsolutePath.Contains("/blobs/", StringComparison.Ordinal));
        (await Skopeo.InspectRawDigestAsync($"{target.Host}/mirror/two:v1")).Should().Be(pushed.Digest);
    }

    [Test]
    public async Task ExistsAsync_CopiedDigest_TrueAndOtherDigestFalse()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 36, 1_000));
        var (copier, _) = CopyTestSetup.Copier([source.Host, target.Host]);
        var result = await copier.CopyAsync(CopyTestSetup.Request(pushed, target), CancellationToken.None);

        (await copier.ExistsAsync(result.PinnedTarget, CancellationToken.None)).Should().BeTrue();
        (await copier.ExistsAsync(result.PinnedTarget.WithDigest("sha256:" + new string('0', 64)), CancellationToken.None)).Should().BeFalse();
        (await copier.ResolveDigestAsync(ImageReference.Parse(pushed.Reference), null, CancellationToken.None)).Should().Be(pushed.Digest);
    }
}
