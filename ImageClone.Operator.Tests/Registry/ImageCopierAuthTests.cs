using ImageClone.Registry;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Registry;

public class ImageCopierAuthTests
{
    [Test]
    public async Task CopyAsync_BasicAuthTarget_CopiesWithTargetCredential()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartBasicAuthAsync("alice", "s3cret");
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.MultiPlatform(ManifestFormat.Oci, 21, 100_000));
        var (copier, _) = CopyTestSetup.Copier([source.Host, target.Host], new RegistryCredential("alice", "s3cret"));

        await copier.CopyAsync(CopyTestSetup.Request(pushed, target), CancellationToken.None);

        (await Skopeo.InspectRawDigestAsync($"{target.Host}/mirror/app:v1", "alice", "s3cret")).Should().Be(pushed.Digest);
    }

    [Test]
    public async Task CopyAsync_TokenAuthTarget_CopiesAndCachesTokens()
    {
        await using var issuer = await TokenIssuer.StartAsync(new Dictionary<string, string> { ["bob"] = "hunter2" });
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartTokenAuthAsync(issuer);
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.MultiPlatform(ManifestFormat.Docker, 22, 100_000, 20_000, 30_000));
        var (copier, _) = CopyTestSetup.Copier([source.Host, target.Host], new RegistryCredential("bob", "hunter2"));
        var before = issuer.TokensIssued;

        await copier.CopyAsync(CopyTestSetup.Request(pushed, target), CancellationToken.None);

        (await Skopeo.InspectRawDigestAsync($"{target.Host}/mirror/app:v1", "bob", "hunter2")).Should().Be(pushed.Digest);
        (issuer.TokensIssued - before).Should().BeLessThanOrEqualTo(2, "one token per scope, reused for all blobs and manifests");
    }

    [Test]
    public async Task CopyAsync_TokenAuthSourceWithPullSecret_Copies()
    {
        await using var issuer = await TokenIssuer.StartAsync(new Dictionary<string, string> { ["bob"] = "hunter2" }, allowAnonymousPull: false);
        await using var source = await RegistryProcess.StartTokenAuthAsync(issuer);
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host, "bob", "hunter2").PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 23, 50_000));
        var (copier, _) = CopyTestSetup.Copier([source.Host, target.Host]);
        var secret = DockerConfigCredentials.Parse($"{{\"auths\":{{\"http://{source.Host}\":{{\"username\":\"bob\",\"password\":\"hunter2\"}}}}}}");

        await copier.CopyAsync(CopyTestSetup.Request(pushed, target) with { SourceCredentials = secret }, CancellationToken.None);

        (await Skopeo.InspectRawDigestAsync($"{target.Host}/mirror/app:v1")).Should().Be(pushed.Digest);
    }

    [Test]
    public async Task CopyAsync_WrongTargetPassword_UnauthorizedNothingPushed()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartBasicAuthAsync("alice", "s3cret");
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 24, 10_000));
        var (copier, recorder) = CopyTestSetup.Copier([source.Host, target.Host], new RegistryCredential("alice", "wrong-password"));

        var copy = () => copier.CopyAsync(CopyTestSetup.Request(pushed, target), CancellationToken.None);

        var error = (await copy.Should().ThrowAsync<RegistryException>()).Which;
        error.Reason.Should().Be(RegistryErrorReason.Unauthorized);
        error.Message.Should().Contain(pushed.Reference).And.Contain(target.Host).And.Contain("401").And.NotContain("wrong-password");
        recorder.Writes.Should().BeEmpty();
    }
}
