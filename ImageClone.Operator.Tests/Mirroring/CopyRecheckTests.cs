using ImageClone.Mirroring;
using ImageClone.Registry;

namespace ImageClone.Tests.Mirroring;

/// <summary>The re-check of the copies rewritten workloads run: spread over time, and a missing copy copied again from its original.</summary>
public class CopyRecheckTests
{
    private const string Digest = "sha256:3333333333333333333333333333333333333333333333333333333333333333";
    private static readonly string Copy = $"{MirrorTestFixture.Mirrored("quay.io/org/app:v1")}@{Digest}";

    [Test]
    public async Task RecheckAsync_CopyFirstSeen_IsTrustedForOneIntervalWithoutARegistryCall()
    {
        var fixture = new MirrorTestFixture();

        var findings = await fixture.Mirror.RecheckAsync(Rewritten(), NoCredentials, CancellationToken.None);

        findings.Should().BeEmpty();
        fixture.Copier.RegistryCalls.Should().Be(0, "a restart does not check every copy at once");
    }

    [Test]
    public async Task RecheckAsync_CopyStillThereAfterAnInterval_OneHeadForEveryWorkloadRunningIt()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.Present[Copy] = 0;
        await fixture.Mirror.RecheckAsync(Rewritten(), NoCredentials, CancellationToken.None);
        fixture.Time.Advance(fixture.Options.RecheckInterval);

        await fixture.Mirror.RecheckAsync(Rewritten() with { Name = "first" }, NoCredentials, CancellationToken.None);
        var findings = await fixture.Mirror.RecheckAsync(Rewritten() with { Name = "second" }, NoCredentials, CancellationToken.None);

        findings.Should().BeEmpty();
        fixture.Copier.RegistryCalls.Should().Be(1);
        fixture.Copier.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task RecheckAsync_CopyGone_CopiesItAgainFromTheOriginalPinnedToTheSameDigest()
    {
        var fixture = new MirrorTestFixture();
        await fixture.Mirror.RecheckAsync(Rewritten(), NoCredentials, CancellationToken.None);
        fixture.Time.Advance(fixture.Options.RecheckInterval);

        var findings = await fixture.Mirror.RecheckAsync(Rewritten(), NoCredentials, CancellationToken.None);

        findings.Should().ContainSingle().Which.Should().Be(new RecheckFinding("c0", Copy, $"quay.io/org/app:v1@{Digest}", null));
        var copy = fixture.Copier.Requests.Should().ContainSingle().Which;
        (copy.Source.ToString(), copy.Target.ToString()).Should().Be(($"quay.io/org/app:v1@{Digest}", MirrorTestFixture.Mirrored("quay.io/org/app:v1")));
    }

    [Test]
    public async Task RecheckAsync_CopyAndSourceGone_ReportsTheProblem()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.Fail("quay.io/org/app:v1");
        await fixture.Mirror.RecheckAsync(Rewritten(), NoCredentials, CancellationToken.None);
        fixture.Time.Advance(fixture.Options.RecheckInterval);

        var findings = await fixture.Mirror.RecheckAsync(Rewritten(), NoCredentials, CancellationToken.None);

        findings.Should().ContainSingle().Which.Problem.Should().Contain("manifest unknown");
    }

    private static Task<IRegistryCredentials?> NoCredentials() => Task.FromResult<IRegistryCredentials?>(null);

    private static WorkloadSnapshot Rewritten() => MirrorTestFixture.Snapshot(Copy) with
    {
        Annotations = new Dictionary<string, string> { [OriginalImages.AnnotationName] = """{"containers":{"c0":"quay.io/org/app:v1"},"initContainers":{}}""" },
    };
}
