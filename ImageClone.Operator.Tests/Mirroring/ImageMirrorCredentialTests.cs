using ImageClone.Mirroring;
using ImageClone.Registry;

namespace ImageClone.Tests.Mirroring;

/// <summary>A copy made with one workload's pull secret is not handed to a workload that presents other credentials or none.</summary>
public class ImageMirrorCredentialTests
{
    private const string PrivateImage = "private.example.com/team/app:1";

    [Test]
    public async Task DecideAsync_ImageCopiedWithAPullSecret_CopiesAgainForAWorkloadWithoutOne()
    {
        var fixture = new MirrorTestFixture();
        await fixture.Mirror.DecideAsync(Snapshot("entitled", Credentials("s3cret")), CancellationToken.None);

        await fixture.Mirror.DecideAsync(Snapshot("freeloader", credentials: null), CancellationToken.None);

        fixture.Copier.Requests.Should().HaveCount(2);
        fixture.Copier.Requests[1].SourceCredentials.Should().BeNull();
    }

    [Test]
    public async Task DecideAsync_ImageCopiedWithAPullSecret_CopiesAgainForAWorkloadWithAnotherPassword()
    {
        var fixture = new MirrorTestFixture();
        await fixture.Mirror.DecideAsync(Snapshot("entitled", Credentials("s3cret")), CancellationToken.None);

        await fixture.Mirror.DecideAsync(Snapshot("guesser", Credentials("guess")), CancellationToken.None);

        fixture.Copier.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task DecideAsync_SameCredentialReadAgainFromItsSecret_ReusesTheCopy()
    {
        var fixture = new MirrorTestFixture();
        await fixture.Mirror.DecideAsync(Snapshot("first", Credentials("s3cret")), CancellationToken.None);

        await fixture.Mirror.DecideAsync(Snapshot("second", Credentials("s3cret")), CancellationToken.None);

        fixture.Copier.Requests.Should().ContainSingle();
    }

    [Test]
    public async Task DecideAsync_CopyInFlightWithAPullSecret_IsNotJoinedByAWorkloadWithoutOne()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entitled = fixture.Mirror.DecideAsync(Snapshot("entitled", Credentials("s3cret")), CancellationToken.None);
        await fixture.Copier.CopyStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var freeloader = fixture.Mirror.DecideAsync(Snapshot("freeloader", credentials: null), CancellationToken.None);
        fixture.Copier.Gate.SetResult();
        await Task.WhenAll(entitled, freeloader).WaitAsync(TimeSpan.FromSeconds(10));

        fixture.Copier.Requests.Should().HaveCount(2);
    }

    private static WorkloadSnapshot Snapshot(string name, IRegistryCredentials? credentials) =>
        MirrorTestFixture.Snapshot(PrivateImage) with { Name = name, PullCredentials = credentials };

    private static DockerConfigCredentials Credentials(string password) =>
        DockerConfigCredentials.Parse("{\"auths\":{\"private.example.com\":{\"username\":\"team\",\"password\":\"" + password + "\"}}}");
}
