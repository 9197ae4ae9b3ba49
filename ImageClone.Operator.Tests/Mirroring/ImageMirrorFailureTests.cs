using ImageClone.Mirroring;
using ImageClone.Registry;

namespace ImageClone.Tests.Mirroring;

public class ImageMirrorFailureTests
{
    [Test]
    public async Task DecideAsync_OneImageFails_NoRewriteAndFailureNamesIt()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.Fail("quay.io/gone/app");

        var decision = await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("nginx:1.25", "quay.io/gone/app:v1"), CancellationToken.None);

        var failed = decision.Should().BeOfType<MirrorCopyFailed>().Which;
        var failure = failed.Failures.Should().ContainSingle().Which;
        failure.ContainerName.Should().Be("c1");
        failure.Image.Should().Be("quay.io/gone/app:v1");
        failure.Reason.Should().Be(RegistryErrorReason.NotFound);
        failure.Cause.Should().Contain("quay.io").And.Contain("404");
        failed.Summary.Should().Contain("quay.io/gone/app:v1");
        failed.Copied.Should().ContainSingle().Which.ContainerName.Should().Be("c0");
    }

    [Test]
    public async Task DecideAsync_CopyFailsWhileUnhealthy_ReportsFailureNotWait()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.Fail("quay.io/gone/app");
        var snapshot = MirrorTestFixture.Snapshot("quay.io/gone/app:v1") with { Rollout = RolloutStatus.Unhealthy("paused") };

        var decision = await fixture.Mirror.DecideAsync(snapshot, CancellationToken.None);

        decision.Should().BeOfType<MirrorCopyFailed>();
    }

    [Test]
    public async Task DecideAsync_KeepsFailing_SameDecisionEachTime()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.Fail("quay.io/gone/app");
        var snapshot = MirrorTestFixture.Snapshot("quay.io/gone/app:v1");

        var first = (MirrorCopyFailed)await fixture.Mirror.DecideAsync(snapshot, CancellationToken.None);
        var second = (MirrorCopyFailed)await fixture.Mirror.DecideAsync(snapshot, CancellationToken.None);

        second.Failures.Should().Equal(first.Failures, "mirroring keeps no retry state: the queue backs failures off");
    }

    [TestCase("nginx:bad tag")]
    [TestCase("Nginx:1.25")]
    [TestCase("nginx@sha256:short")]
    [TestCase("")]
    public async Task DecideAsync_MalformedReference_CopyFailedNamingContainerAndReference(string image)
    {
        var fixture = new MirrorTestFixture();

        var decision = await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("redis:7", image), CancellationToken.None);

        var failure = decision.Should().BeOfType<MirrorCopyFailed>().Which.Failures.Should().ContainSingle().Which;
        failure.IsInvalidReference.Should().BeTrue();
        failure.ToString().Should().Contain("\"c1\"").And.Contain($"\"{image}\"");
        fixture.Copier.Requests.Should().ContainSingle().Which.Source.Name.Should().Be("docker.io/library/redis");
    }

    [Test]
    public async Task DecideAsync_WithPullCredentials_PassesThemButNeverPrintsThem()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.Fail("quay.io/private/app", RegistryErrorReason.Unauthorized, System.Net.HttpStatusCode.Unauthorized);
        var credentials = new StaticCredentials(new RegistryCredential("robot", "s3cr3t-pa55"));
        var snapshot = MirrorTestFixture.Snapshot("quay.io/private/app:v1") with { PullCredentials = credentials };

        var decision = await fixture.Mirror.DecideAsync(snapshot, CancellationToken.None);

        fixture.Copier.Requests.Should().ContainSingle().Which.SourceCredentials.Should().BeSameAs(credentials);
        decision.ToString().Should().NotContain("s3cr3t-pa55");
        ((MirrorCopyFailed)decision).Summary.Should().NotContain("s3cr3t-pa55").And.Contain("401");
    }

    [Test]
    public async Task DecideAsync_CopyFails_CountsFailureByRegistryReason()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.Fail("quay.io/limited/app", RegistryErrorReason.RateLimited, System.Net.HttpStatusCode.TooManyRequests);
        var before = MirrorMetrics.CopyFailures.WithLabels(nameof(RegistryErrorReason.RateLimited)).Value;

        await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("quay.io/limited/app:v1"), CancellationToken.None);

        MirrorMetrics.CopyFailures.WithLabels(nameof(RegistryErrorReason.RateLimited)).Value.Should().Be(before + 1);
    }

    private sealed class StaticCredentials(RegistryCredential credential) : IRegistryCredentials
    {
        public RegistryCredential? For(string registry) => credential;
    }
}
