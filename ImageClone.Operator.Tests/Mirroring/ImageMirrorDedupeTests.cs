using ImageClone.Mirroring;

namespace ImageClone.Tests.Mirroring;

public class ImageMirrorDedupeTests
{
    [Test]
    public async Task DecideAsync_ManyWorkloadsShareAnImageAtOnce_CopiesItOnce()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("nginx:1.25") with { Name = "w0" }, CancellationToken.None);
        await fixture.Copier.CopyStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var others = Enumerable.Range(1, 20)
            .Select(i => fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("nginx:1.25") with { Name = $"w{i}" }, CancellationToken.None))
            .ToList();

        fixture.Copier.Gate.SetResult();
        var decisions = await Task.WhenAll(others.Prepend(first)).WaitAsync(TimeSpan.FromSeconds(10));

        fixture.Copier.Requests.Should().ContainSingle();
        decisions.Should().AllBeOfType<MirrorRewrite>();
        decisions.Select(d => ((MirrorRewrite)d).Rewrites.Single().To).Distinct().Should().ContainSingle();
    }

    [Test]
    public async Task DecideAsync_ImageCopiedRecently_AsksNoRegistryAgain()
    {
        var fixture = new MirrorTestFixture();
        await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("nginx:1.25") with { Name = "first" }, CancellationToken.None);

        var later = await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("nginx:1.25") with { Name = "second" }, CancellationToken.None);

        fixture.Copier.Requests.Should().ContainSingle("the copy is remembered");
        fixture.Copier.PullChecks.Should().ContainSingle("so is the pull check of the copy");
        fixture.Copier.RegistryCalls.Should().Be(3, "the tag's HEAD, the copy and the pull check, each once for both workloads");
        ((MirrorRewrite)later).Copied.Single().Transferred.Should().BeFalse();
    }

    [Test]
    public async Task DecideAsync_RememberedCopyExpired_CopiesAgain()
    {
        var fixture = new MirrorTestFixture();
        await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("nginx:1.25"), CancellationToken.None);

        fixture.Time.Advance(fixture.Options.CopyMemoryDuration + TimeSpan.FromSeconds(1));
        await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("nginx:1.25"), CancellationToken.None);

        fixture.Copier.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task DecideAsync_CopyFailedEarlier_RetriesTheCopy()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.Fail("quay.io/flaky/app");
        await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("quay.io/flaky/app:v1"), CancellationToken.None);

        await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("quay.io/flaky/app:v1"), CancellationToken.None);

        fixture.Copier.Requests.Should().HaveCount(2);
    }
}
