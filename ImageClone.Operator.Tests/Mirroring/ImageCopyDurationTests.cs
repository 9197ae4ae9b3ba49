using ImageClone.Mirroring;

namespace ImageClone.Tests.Mirroring;

/// <summary>The copy-duration metric runs on the injected clock, as everything timed in the product does.</summary>
public class ImageCopyDurationTests
{
    [Test]
    public async Task DecideAsync_CopyTakesFortyTwoSecondsOfInjectedTime_MetricObservesThem()
    {
        var fixture = new MirrorTestFixture();
        fixture.Copier.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var before = MirrorMetrics.CopyDuration.Sum;
        var decision = fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("nginx:1.25"), CancellationToken.None);
        await fixture.Copier.CopyStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        fixture.Time.Advance(TimeSpan.FromSeconds(42));
        fixture.Copier.Gate.SetResult();
        await decision.WaitAsync(TimeSpan.FromSeconds(10));

        // At least: other tests' copies may add to the shared metric meanwhile; 41.9 allows for the sum's rounding.
        (MirrorMetrics.CopyDuration.Sum - before).Should().BeGreaterThan(41.9);
    }
}
