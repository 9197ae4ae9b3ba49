using ImageClone.Mirroring;
using ImageClone.Registry;

namespace ImageClone.Tests.Mirroring;

/// <summary>An image that needs credentials at its source is not copied where anyone could pull it.</summary>
public class ImageMirrorPrivacyTests
{
    private static readonly IRegistryCredentials Team = new SingleRegistryCredentials("quay.io", new RegistryCredential("team", "team-token"));

    [TestCase(RepositoryVisibility.Public, "can be pulled anonymously")]
    [TestCase(RepositoryVisibility.Unknown, "NEW_REPOSITORIES_PRIVATE=true")]
    public async Task DecideAsync_PrivateSourceAndATargetThatMayBePublic_CopiesNothingAndSaysWhy(RepositoryVisibility visibility, string fix)
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.PullableOnlyBy["quay.io/org/private"] = "team";
        fixture.Copier.TargetVisibility = visibility;

        var decision = await fixture.Mirror.DecideAsync(Snapshot("quay.io/org/private:v1"), CancellationToken.None);

        decision.Should().BeOfType<MirrorCopyFailed>().Which.Failures.Single().Cause.Should().Contain("needs credentials at its source").And.Contain(fix);
        fixture.Copier.Requests.Should().BeEmpty("nothing is pushed");
    }

    [Test]
    public async Task DecideAsync_PrivateSourceAndAPrivateTarget_Copies()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.PullableOnlyBy["quay.io/org/private"] = "team";

        var decision = await fixture.Mirror.DecideAsync(Snapshot("quay.io/org/private:v1"), CancellationToken.None);

        decision.Should().BeOfType<MirrorRewrite>();
    }

    [Test]
    public async Task DecideAsync_NewRepositoryOnARegistryThatCreatesThemPrivate_Copies()
    {
        var fixture = new MirrorTestFixture(new MirrorOptions(MirrorRepository.Parse(MirrorTestFixture.Repository)) { NewRepositoriesPrivate = true });
        fixture.Copier.PullableOnlyBy["quay.io/org/private"] = "team";
        fixture.Copier.TargetVisibility = RepositoryVisibility.Unknown;

        var decision = await fixture.Mirror.DecideAsync(Snapshot("quay.io/org/private:v1"), CancellationToken.None);

        decision.Should().BeOfType<MirrorRewrite>();
    }

    [Test]
    public async Task DecideAsync_SourceServesTheImageAnonymouslyDespiteTheSecret_IsNotAskedAboutTheTarget()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.TargetVisibility = RepositoryVisibility.Public;

        var decision = await fixture.Mirror.DecideAsync(Snapshot("quay.io/org/public:v1"), CancellationToken.None);

        decision.Should().BeOfType<MirrorRewrite>("a public image may go into a public repository");
    }

    private static WorkloadSnapshot Snapshot(string image) => MirrorTestFixture.Snapshot(image) with { PullCredentials = Team };
}
