using ImageClone.Registry;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Registry;

/// <summary>Whether a target repository would serve a copy to anyone, against real registries.</summary>
public class TargetVisibilityTests
{
    [Test]
    public async Task TargetVisibilityAsync_RegistryAdmittingNobodyWithoutAPassword_IsPrivateEvenForANewRepository()
    {
        await using var target = await RegistryProcess.StartBasicAuthAsync("alice", "s3cret");
        var (copier, _) = CopyTestSetup.Copier([target.Host], new RegistryCredential("alice", "s3cret"));

        (await copier.TargetVisibilityAsync(ImageReference.Parse($"{target.Host}/mirror/new:v1"), CancellationToken.None)).Should().Be(RepositoryVisibility.Private);
    }

    [Test]
    public async Task TargetVisibilityAsync_AnonymousRegistry_NewRepositoryIsUnknownAndAnExistingOnePublic()
    {
        await using var target = await RegistryProcess.StartAnonymousAsync();
        await new ImageFactory(target.Host).PushAsync("mirror/existing", "v1", ImageSpec.SinglePlatform(ManifestFormat.Docker, 31, 1000));
        var (copier, _) = CopyTestSetup.Copier([target.Host], null);

        (await copier.TargetVisibilityAsync(ImageReference.Parse($"{target.Host}/mirror/new:v1"), CancellationToken.None)).Should().Be(RepositoryVisibility.Unknown);
        (await copier.TargetVisibilityAsync(ImageReference.Parse($"{target.Host}/mirror/existing:v1"), CancellationToken.None)).Should().Be(RepositoryVisibility.Public);
    }

    [Test]
    public async Task TargetVisibilityAsync_TokenRegistryWithoutAnonymousPull_ExistingRepositoryIsPrivateAndANewOneUnknown()
    {
        await using var issuer = await TokenIssuer.StartAsync(new Dictionary<string, string> { ["bob"] = "hunter2" }, allowAnonymousPull: false);
        await using var target = await RegistryProcess.StartTokenAuthAsync(issuer);
        await new ImageFactory(target.Host, "bob", "hunter2").PushAsync("mirror/existing", "v1", ImageSpec.SinglePlatform(ManifestFormat.Docker, 32, 1000));
        var (copier, _) = CopyTestSetup.Copier([target.Host], new RegistryCredential("bob", "hunter2"));

        (await copier.TargetVisibilityAsync(ImageReference.Parse($"{target.Host}/mirror/existing:v1"), CancellationToken.None)).Should().Be(RepositoryVisibility.Private);
        (await copier.TargetVisibilityAsync(ImageReference.Parse($"{target.Host}/mirror/new:v1"), CancellationToken.None)).Should().Be(RepositoryVisibility.Unknown,
            "like Docker Hub, it answers 401 for a private and a missing repository alike, so only the credential tells them apart");
    }
}
