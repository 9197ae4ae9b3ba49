using ImageClone.Registry;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Registry;

/// <summary>A bearer token is reused only for the very credential it was issued to, never for another password of the same user.</summary>
public class TokenCacheIdentityTests
{
    [Test]
    public async Task CopyAsync_TokenAuthSourceSameUsernameWrongPassword_UnauthorizedAndNothingCopied()
    {
        await using var issuer = await TokenIssuer.StartAsync(new Dictionary<string, string> { ["tenant-a"] = "right-password" }, allowAnonymousPull: false);
        await using var source = await RegistryProcess.StartTokenAuthAsync(issuer);
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host, "tenant-a", "right-password").PushAsync("tenant-a/private", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 31, 20_000));
        var (copier, _) = CopyTestSetup.Copier([source.Host, target.Host]);
        await copier.CopyAsync(CopyTestSetup.Request(pushed, target, "mirror/owner") with { SourceCredentials = Secret(source, "right-password") }, CancellationToken.None);

        var impostor = () => copier.CopyAsync(CopyTestSetup.Request(pushed, target, "mirror/impostor") with { SourceCredentials = Secret(source, "any-password") }, CancellationToken.None);

        var error = (await impostor.Should().ThrowAsync<RegistryException>()).Which;
        error.Reason.Should().Be(RegistryErrorReason.Unauthorized);
        error.Message.Should().NotContain("any-password").And.NotContain("right-password");
        (await Skopeo.InspectRawDigestAsync($"{target.Host}/mirror/owner:v1")).Should().Be(pushed.Digest, "the owner's own copy went through");
        (await Skopeo.ExistsAsync($"{target.Host}/mirror/impostor:v1")).Should().BeFalse("nothing is copied for the wrong password");
    }

    private static DockerConfigCredentials Secret(RegistryProcess source, string password) =>
        DockerConfigCredentials.Parse($"{{\"auths\":{{\"http://{source.Host}\":{{\"username\":\"tenant-a\",\"password\":\"{password}\"}}}}}}");
}
