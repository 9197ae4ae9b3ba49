using ImageClone.Registry;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Registry;

/// <summary>A digest already in the target is vouched for by the source unless the caller says the pods already run it.</summary>
public class ImageCopierSourceAccessTests
{
    [Test]
    public async Task CopyAsync_DigestInTargetButSourceRefusesTheCaller_FailsUnauthorized()
    {
        var (source, target, pushed, copier) = await MirroredPrivateImageAsync();
        await using var _ = source;
        await using var __ = target;
        var byDigest = ImageReference.Parse(pushed.DigestReference);

        var copy = () => copier.CopyAsync(new ImageCopyRequest(byDigest, Target(target, pushed)), CancellationToken.None);

        (await copy.Should().ThrowAsync<RegistryException>()).Which.Reason.Should().Be(RegistryErrorReason.Unauthorized);
    }

    [Test]
    public async Task CopyAsync_DigestInTargetAndSourceNotChecked_IsPresentWithoutAskingTheSource()
    {
        var (source, target, pushed, copier) = await MirroredPrivateImageAsync();
        await using var _ = source;
        await using var __ = target;
        var byDigest = ImageReference.Parse(pushed.DigestReference);

        var result = await copier.CopyAsync(new ImageCopyRequest(byDigest, Target(target, pushed), CheckSourceAccess: false), CancellationToken.None);

        result.AlreadyPresent.Should().BeTrue();
        result.Digest.Should().Be(pushed.Digest);
    }

    private static ImageReference Target(RegistryProcess target, PushedImage pushed) =>
        ImageReference.Parse($"{target.Host}/mirror/app@{pushed.Digest}");

    private static async Task<(RegistryProcess Source, RegistryProcess Target, PushedImage Pushed, IImageCopier Copier)> MirroredPrivateImageAsync()
    {
        var source = await RegistryProcess.StartBasicAuthAsync("owner", "source-pw");
        var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host, "owner", "source-pw").PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 77, 4096));
        var (copier, _) = CopyTestSetup.Copier([source.Host, target.Host]);
        var owner = DockerConfigCredentials.Parse("{\"auths\":{\"" + source.Host + "\":{\"username\":\"owner\",\"password\":\"source-pw\"}}}");
        await copier.CopyAsync(new ImageCopyRequest(ImageReference.Parse(pushed.DigestReference), Target(target, pushed), owner), CancellationToken.None);
        return (source, target, pushed, copier);
    }
}
