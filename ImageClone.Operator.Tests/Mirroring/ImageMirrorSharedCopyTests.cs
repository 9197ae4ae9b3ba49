using ImageClone.Mirroring;

namespace ImageClone.Tests.Mirroring;

/// <summary>
/// A copy that several workloads wait for belongs to none of them: one giving up does not fail the others, and a copy
/// every waiter gave up on (this replica lost its leadership) is finished, so the next reconcile does not copy again.
/// </summary>
public class ImageMirrorSharedCopyTests
{
    [Test]
    public async Task DecideAsync_FirstWorkloadsReconcileCancelled_SharedCopyStillServesTheOther()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var firstReconcile = new CancellationTokenSource();
        var first = fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("nginx:1.25") with { Name = "first" }, firstReconcile.Token);
        await fixture.Copier.CopyStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("nginx:1.25") with { Name = "second" }, CancellationToken.None);

        await firstReconcile.CancelAsync();
        var cancelled = () => first;
        await cancelled.Should().ThrowAsync<OperationCanceledException>();
        fixture.Copier.Gate.SetResult();

        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeOfType<MirrorRewrite>();
        fixture.Copier.Requests.Should().ContainSingle("the second workload joined the first one's copy");
    }

    [Test]
    public async Task DecideAsync_EveryWaitingReconcileCancelled_CopyIsFinishedAndTheNextReconcileDoesNotCopyAgain()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var lostLeadership = new CancellationTokenSource();
        var abandoned = fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("nginx:1.25"), lostLeadership.Token);
        await fixture.Copier.CopyStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await lostLeadership.CancelAsync();
        await FluentActions.Awaiting(() => abandoned).Should().ThrowAsync<OperationCanceledException>();
        var next = fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("nginx:1.25"), CancellationToken.None);
        fixture.Copier.Gate.SetResult();

        (await next.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeOfType<MirrorRewrite>();
        fixture.Copier.Requests.Should().ContainSingle("the copy nobody waited for any more ran to its end, and the next reconcile joined it");
    }
}
