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
}
