namespace ImageClone.Tests.Support;

public class SkopeoFixtureTests
{
    [Test]
    public async Task ExistsAsync_PushedAndMissingTags_TellsThemApart()
    {
        await using var registry = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(registry.Host).PushAsync("app/x", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 31, 100));

        (await Skopeo.ExistsAsync(pushed.Reference)).Should().BeTrue();
        (await Skopeo.ExistsAsync(pushed.DigestReference)).Should().BeTrue();
        (await Skopeo.ExistsAsync($"{registry.Host}/app/x:missing")).Should().BeFalse();
        (await Skopeo.ExistsAsync($"{registry.Host}/no/such:v1")).Should().BeFalse();
    }

    [Test]
    public async Task CopyAllAsync_MultiPlatformToBasicAuthRegistry_KeepsDigest()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartBasicAuthAsync("alice", "s3cret");
        var pushed = await new ImageFactory(source.Host).PushAsync("app/x", "v1", ImageSpec.MultiPlatform(ManifestFormat.Docker, 32, 2048));

        await Skopeo.CopyAllAsync(pushed.Reference, $"{target.Host}/mirror/x:v1", destinationCreds: "alice:s3cret");

        (await Skopeo.InspectRawDigestAsync($"{target.Host}/mirror/x:v1", "alice", "s3cret")).Should().Be(pushed.Digest);
    }
}
