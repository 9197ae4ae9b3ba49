using ImageClone.Registry;
using ImageClone.Tests.Mirroring;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Registry;

/// <summary><see cref="IManifestReader"/> against a real registry: what a tag names, an index's children and their configs, a platform.</summary>
public class ManifestReaderTests
{
    [Test]
    public async Task ReadAsync_MultiPlatformTag_ListsEveryChildWithItsPlatform()
    {
        await using var registry = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(registry.Host).PushAsync("team/app", "v1", ImageSpec.MultiPlatform(ManifestFormat.Oci, 31, 2048));
        var reader = Reader(registry.Host);
        var tag = ImageReference.Parse(pushed.Reference);

        (await reader.DigestAsync(tag, null, CancellationToken.None)).Should().Be(pushed.Digest);
        var tree = await reader.ReadAsync(tag, null, CancellationToken.None);

        tree.Should().NotBeNull();
        tree!.Digest.Should().Be(pushed.Digest);
        tree.IsIndex.Should().BeTrue();
        tree.Children.Select(child => (child.Digest, child.Platform?.ToString())).Should().Equal(
            (pushed.ChildDigests[0], "linux/amd64"), (pushed.ChildDigests[1], "linux/arm64"));
        tree.Contains(pushed.ChildDigests[1]).Should().BeTrue();
    }

    [Test]
    public async Task ConfigDigestsAsync_Index_GivesEachChildsConfig_AndPlatformAsyncReadsIt()
    {
        await using var registry = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(registry.Host).PushAsync("team/app", "v1", ImageSpec.MultiPlatform(ManifestFormat.Docker, 32, 2048));
        var reader = Reader(registry.Host);
        var tag = ImageReference.Parse(pushed.Reference);
        var tree = (await reader.ReadAsync(tag, null, CancellationToken.None))!;

        var configs = await reader.ConfigDigestsAsync(tag, tree, null, CancellationToken.None);
        var arm64 = await reader.ReadAsync(tag.WithDigest(pushed.ChildDigests[1]), null, CancellationToken.None);

        configs.Should().HaveCount(2).And.OnlyContain(config => pushed.BlobDigests.Contains(config));
        arm64!.IsIndex.Should().BeFalse();
        configs.Should().Contain(arm64.ConfigDigest!);
        (await reader.PlatformAsync(tag.WithDigest(pushed.ChildDigests[1]), null, CancellationToken.None)).Should().Be(new ImagePlatform("linux", "arm64"));
        (await reader.PlatformAsync(tag, null, CancellationToken.None)).Should().BeNull("an index has no single platform");
    }

    [Test]
    public async Task Reads_UnknownTag_AreNull()
    {
        await using var registry = await RegistryProcess.StartAnonymousAsync();
        var reader = Reader(registry.Host);
        var missing = ImageReference.Parse($"{registry.Host}/team/none:v1");

        (await reader.DigestAsync(missing, null, CancellationToken.None)).Should().BeNull();
        (await reader.ReadAsync(missing, null, CancellationToken.None)).Should().BeNull();
        (await reader.PlatformAsync(missing, null, CancellationToken.None)).Should().BeNull();
    }

    [Test]
    public async Task Reads_PrivateRepository_RefusedWithoutTheCredential_AnsweredWithIt()
    {
        await using var registry = await RegistryProcess.StartBasicAuthAsync("owner", "owner-pw");
        var pushed = await new ImageFactory(registry.Host, "owner", "owner-pw").PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 33, 2048));
        var reader = Reader(registry.Host);
        var tag = ImageReference.Parse(pushed.Reference);
        var owner = new SingleRegistryCredentials(registry.Host, new RegistryCredential("owner", "owner-pw"));

        (await reader.DigestAsync(tag, null, CancellationToken.None)).Should().BeNull();
        (await reader.DigestAsync(tag, owner, CancellationToken.None)).Should().Be(pushed.Digest);
        (await reader.PlatformAsync(tag, owner, CancellationToken.None)).Should().Be(new ImagePlatform("linux", "amd64"));
    }

    private static IManifestReader Reader(string host) => ImageCopierFactory.CreateWithReader(TestOptions.For(host), TimeProvider.System).Reader;
}
