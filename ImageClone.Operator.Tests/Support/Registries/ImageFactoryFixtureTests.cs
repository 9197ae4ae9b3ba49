namespace ImageClone.Tests.Support;

public class ImageFactoryFixtureTests
{
    [Test]
    public async Task PushAsync_OciSinglePlatform_SkopeoSeesSameDigest()
    {
        await using var registry = await RegistryProcess.StartAnonymousAsync();

        var pushed = await new ImageFactory(registry.Host).PushAsync("app/one", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 1, 4096, 10_000));

        pushed.MediaType.Should().Be(FixtureMediaTypes.OciManifest);
        pushed.ChildDigests.Should().BeEmpty();
        pushed.BlobDigests.Should().HaveCount(3);
        (await Skopeo.InspectRawDigestAsync(pushed.Reference)).Should().Be(pushed.Digest);
    }

    [Test]
    public async Task PushAsync_DockerMultiPlatform_SkopeoSeesListAndChildren()
    {
        await using var registry = await RegistryProcess.StartAnonymousAsync();

        var pushed = await new ImageFactory(registry.Host).PushAsync("app/multi", "v1", ImageSpec.MultiPlatform(ManifestFormat.Docker, 2, 4096));

        pushed.MediaType.Should().Be(FixtureMediaTypes.DockerManifestList);
        pushed.ChildDigests.Should().HaveCount(2).And.OnlyHaveUniqueItems();
        (await Skopeo.InspectRawDigestAsync(pushed.Reference)).Should().Be(pushed.Digest);
        foreach (var child in pushed.ChildDigests)
        {
            (await Skopeo.InspectRawDigestAsync($"{registry.Host}/app/multi@{child}")).Should().Be(child);
        }
    }

    [Test]
    public async Task PushAsync_BasicAuthRegistryWithUser_SkopeoSeesSameDigest()
    {
        await using var registry = await RegistryProcess.StartBasicAuthAsync("alice", "s3cret");

        var pushed = await new ImageFactory(registry.Host, "alice", "s3cret").PushAsync("app/auth", "v1", ImageSpec.MultiPlatform(ManifestFormat.Oci, 3, 2048));

        (await Skopeo.InspectRawDigestAsync(pushed.Reference, "alice", "s3cret")).Should().Be(pushed.Digest);
    }

    [Test]
    public async Task PushAsync_ChunkedLargeLayer_SkopeoSeesSameDigestAndBlobIsWhole()
    {
        const long eightMiB = 8L << 20;
        await using var registry = await RegistryProcess.StartAnonymousAsync();
        var factory = new ImageFactory(registry.Host) { ChunkSize = 3L << 20 };

        var pushed = await factory.PushAsync("app/large", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 9, eightMiB));

        (await Skopeo.InspectRawDigestAsync(pushed.Reference)).Should().Be(pushed.Digest);
        using var http = new HttpClient();
        var layer = pushed.BlobDigests.Single(d => d != pushed.BlobDigests[0]);
        var bytes = await http.GetByteArrayAsync(new Uri(registry.BaseUri, $"v2/app/large/blobs/{layer}"));
        bytes.LongLength.Should().Be(eightMiB);
        ("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))).Should().Be(layer);
    }

    [Test]
    public async Task PushAsync_SameSpecTwice_GivesSameDigests()
    {
        await using var first = await RegistryProcess.StartAnonymousAsync();
        await using var second = await RegistryProcess.StartAnonymousAsync();
        var spec = ImageSpec.MultiPlatform(ManifestFormat.Docker, 11, 1000, 3000);

        var a = await new ImageFactory(first.Host).PushAsync("x/y", "t", spec);
        var b = await new ImageFactory(second.Host).PushAsync("other/repo", "u", spec);

        b.Digest.Should().Be(a.Digest);
        b.BlobDigests.Should().Equal(a.BlobDigests);
        b.TotalBlobBytes.Should().Be(a.TotalBlobBytes);
    }

    [Test]
    public async Task PushAsync_DifferentSeed_GivesDifferentLayers()
    {
        await using var registry = await RegistryProcess.StartAnonymousAsync();
        var factory = new ImageFactory(registry.Host);

        var a = await factory.PushAsync("x/y", "a", ImageSpec.SinglePlatform(ManifestFormat.Oci, 12, 4096));
        var b = await factory.PushAsync("x/y", "b", ImageSpec.SinglePlatform(ManifestFormat.Oci, 13, 4096));

        b.BlobDigests.Should().NotIntersectWith(a.BlobDigests);
    }
}
