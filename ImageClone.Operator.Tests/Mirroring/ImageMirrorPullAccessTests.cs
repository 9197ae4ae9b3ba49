using ImageClone.Mirroring;
using ImageClone.Registry;

namespace ImageClone.Tests.Mirroring;

/// <summary>A rewrite is decided only when its pods can pull the copies with the credentials they will hold.</summary>
public class ImageMirrorPullAccessTests
{
    private static readonly RegistryCredential Reader = new("reader", "read-only-token");

    [Test]
    public async Task DecideAsync_CopiesPullableAnonymously_RewritesWithoutAPullSecret()
    {
        var fixture = new MirrorTestFixture(Options() with { PullCredential = Reader });

        var decision = await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("quay.io/org/app:v1"), CancellationToken.None);

        decision.Should().BeOfType<MirrorRewrite>().Which.PullSecret.Should().BeNull();
        fixture.Copier.PullChecks.Should().ContainSingle().Which.User.Should().BeNull("a pod without pull secrets pulls anonymously");
    }

    [Test]
    public async Task DecideAsync_CopiesNeedTheReadCredential_RewritesWithAPullSecretForTheMirrorOnly()
    {
        var fixture = new MirrorTestFixture(Options() with { PullCredential = Reader });
        fixture.Copier.PullableOnlyBy[MirrorTestFixture.Repository] = Reader.Username;

        var decision = await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("quay.io/org/app:v1"), CancellationToken.None);

        var grant = decision.Should().BeOfType<MirrorRewrite>().Which.PullSecret;
        grant.Should().Be(new PullSecretGrant("imageclone-pull-secret", "mirror.example.com", Reader));
        grant!.ToString().Should().NotContain(Reader.Password);
        fixture.Copier.PullChecks.Select(c => c.User).Should().Equal(null, "reader");
    }

    [Test]
    public async Task DecideAsync_WorkloadsOwnPullSecretPullsTheCopies_NeedsNoGrant()
    {
        var fixture = new MirrorTestFixture(Options() with { PullCredential = Reader });
        fixture.Copier.PullableOnlyBy[MirrorTestFixture.Repository] = "team";
        var snapshot = MirrorTestFixture.Snapshot("quay.io/org/app:v1") with { PullCredentials = new SingleRegistryCredentials("mirror.example.com", new RegistryCredential("team", "team-token")) };

        var decision = await fixture.Mirror.DecideAsync(snapshot, CancellationToken.None);

        decision.Should().BeOfType<MirrorRewrite>().Which.PullSecret.Should().BeNull();
        fixture.Copier.PullChecks.Should().ContainSingle().Which.User.Should().Be("team");
    }

    [Test]
    public async Task DecideAsync_ReadCredentialRefusedToo_NoRewriteAndTheProblemsNamed()
    {
        var fixture = new MirrorTestFixture(Options() with { PullCredential = Reader });
        fixture.Copier.PullableOnlyBy[MirrorTestFixture.Repository] = null;

        var decision = await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("quay.io/org/app:v1"), CancellationToken.None);

        var missing = decision.Should().BeOfType<MirrorPullAccessMissing>().Which;
        missing.Problems.Should().ContainSingle().Which.Should().Contain("mirror.example.com/backup/quay.io_org_app:v1@sha256:")
            .And.Contain("401").And.Contain("reader").And.NotContain(Reader.Password);
    }

    [Test]
    public async Task DecideAsync_NoPullCredentialConfigured_NoRewriteAndSaysWhatToSet()
    {
        var fixture = new MirrorTestFixture(Options());
        fixture.Copier.PullableOnlyBy[MirrorTestFixture.Repository] = null;

        var decision = await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("quay.io/org/app:v1"), CancellationToken.None);

        decision.Should().BeOfType<MirrorPullAccessMissing>().Which.Problems.Should().ContainSingle()
            .Which.Should().Contain("anonymously").And.Contain("PULL_USERNAME");
    }

    private static MirrorOptions Options() =>
        new(MirrorRepository.Parse(MirrorTestFixture.Repository)) { ControllerNamespace = "imageclone-system" };
}
