using ImageClone.Operator;
using Microsoft.Extensions.Time.Testing;

namespace ImageClone.Tests.Operator;

public class EntityQueueTests
{
    private static readonly EntityKey A = new("apps", "a");
    private static readonly EntityKey B = new("apps", "b");

    private FakeTimeProvider _time = null!;
    private EntityQueue _queue = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _queue = new EntityQueue(_time, new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)));
    }

    [TearDown]
    public void TearDown() => _queue.Dispose();

    [Test]
    public async Task Enqueue_SameKeyWhileQueued_Coalesces()
    {
        _queue.Enqueue(A);
        _queue.Enqueue(B);
        _queue.Enqueue(A);

        _queue.Depth.Should().Be(2);
        (await _queue.DequeueAsync(CancellationToken.None)).Should().Be(A);
        (await _queue.DequeueAsync(CancellationToken.None)).Should().Be(B);
        _queue.Depth.Should().Be(0);
    }

    [Test]
    public async Task Enqueue_KeyInFlight_HandedOutAgainOnlyAfterDone()
    {
        _queue.Enqueue(A);
        await _queue.DequeueAsync(CancellationToken.None);

        _queue.Enqueue(A);
        _queue.Enqueue(A);
        _queue.Depth.Should().Be(0, "a key being processed is not given to a second worker");

        _queue.Done(A);
        _queue.Depth.Should().Be(1, "the event during processing runs it once more");
        (await _queue.DequeueAsync(CancellationToken.None)).Should().Be(A);
    }

    [Test]
    public async Task Done_KeyUnchangedDuringProcessing_NotQueuedAgain()
    {
        _queue.Enqueue(A);
        await _queue.DequeueAsync(CancellationToken.None);

        _queue.Done(A);

        _queue.Depth.Should().Be(0);
        _queue.InFlight.Should().Be(0);
    }

    [Test]
    public void RequeueAfter_DelayElapses_QueuesKey()
    {
        _queue.RequeueAfter(A, TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(9));
        _queue.Depth.Should().Be(0);
        _time.Advance(TimeSpan.FromSeconds(1));
        _queue.Depth.Should().Be(1);
    }

    [Test]
    public void RequeueAfter_LaterSecondRequeue_KeepsEarlierTime()
    {
        _queue.RequeueAfter(A, TimeSpan.FromSeconds(10));
        _queue.RequeueAfter(A, TimeSpan.FromSeconds(30));

        _time.Advance(TimeSpan.FromSeconds(10));
        _queue.Depth.Should().Be(1, "a key waiting for a requeue keeps the earliest time asked for");
    }

    [Test]
    public async Task RequeueAfter_LaterSecondRequeue_QueuesKeyOnlyOnce()
    {
        _queue.RequeueAfter(A, TimeSpan.FromSeconds(10));
        _queue.RequeueAfter(A, TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(10));
        await _queue.DequeueAsync(CancellationToken.None);
        _queue.Done(A);

        _time.Advance(TimeSpan.FromSeconds(30));

        _queue.Depth.Should().Be(0, "the later time was not kept beside the earlier one");
    }

    [Test]
    public void RequeueAfter_EarlierSecondRequeue_MovesTimeForward()
    {
        _queue.RequeueAfter(A, TimeSpan.FromSeconds(30));
        _queue.RequeueAfter(A, TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(10));
        _queue.Depth.Should().Be(1);
    }

    [Test]
    public void RequeueAfterFailure_WhileEarlierRequeueWaits_KeepsEarlierTime()
    {
        _queue.RequeueAfter(A, TimeSpan.FromMilliseconds(500));

        _queue.RequeueAfterFailure(A);

        _time.Advance(TimeSpan.FromMilliseconds(500));
        _queue.Depth.Should().Be(1);
    }

    [Test]
    public void RequeueAfter_AfterFailures_KeepsBackoff()
    {
        _queue.RequeueAfterFailure(A);
        _queue.RequeueAfterFailure(A);

        _queue.RequeueAfter(A, TimeSpan.FromSeconds(10));

        _queue.RequeueAfterFailure(A).Should().Be(TimeSpan.FromSeconds(4), "a plain delay is not a success");
    }

    [Test]
    public void RequeueAfterFailure_WithDelay_WaitsThatDelayAndCountsTheFailure()
    {
        _queue.RequeueAfterFailure(A);

        _queue.RequeueAfterFailure(A, TimeSpan.FromSeconds(20)).Should().Be(TimeSpan.FromSeconds(20));

        _queue.RequeueAfterFailure(A).Should().Be(TimeSpan.FromSeconds(4), "the failure with its own delay still counted");
    }

    [Test]
    public void ResetBackoff_AfterFailures_NextFailureStartsAtBase()
    {
        _queue.RequeueAfterFailure(A);
        _queue.RequeueAfterFailure(A);
        _queue.RequeueAfterFailure(A);

        _queue.ResetBackoff(A);

        _queue.RequeueAfterFailure(A).Should().Be(TimeSpan.FromSeconds(1));
    }

    [Test]
    public void ResetBackoff_PendingRequeue_StillFires()
    {
        _queue.RequeueAfterFailure(A);

        _queue.ResetBackoff(A);
        _time.Advance(TimeSpan.FromSeconds(1));

        _queue.Depth.Should().Be(1);
    }

    [Test]
    public void RequeueAfterFailure_ConsecutiveFailures_DoublesUpToCap()
    {
        var delays = Enumerable.Range(0, 6).Select(_ => _queue.RequeueAfterFailure(A).TotalSeconds).ToList();

        delays.Should().Equal(1, 2, 4, 5, 5, 5);
    }

    [Test]
    public async Task RequeueAfterFailure_SecondFailure_QueuesKeyOnlyAfterDoubledBackoff()
    {
        _queue.RequeueAfterFailure(A);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _queue.DequeueAsync(CancellationToken.None);
        _queue.Done(A);

        _queue.RequeueAfterFailure(A);

        _time.Advance(TimeSpan.FromMilliseconds(1999));
        _queue.Depth.Should().Be(0);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _queue.Depth.Should().Be(1);
    }

    [Test]
    public void RequeueAfterFailure_OtherKey_HasItsOwnBackoff()
    {
        _queue.RequeueAfterFailure(A);
        _queue.RequeueAfterFailure(A);

        _queue.RequeueAfterFailure(B).Should().Be(TimeSpan.FromSeconds(1));
    }

    [Test]
    public void Forget_PendingBackoff_DropsRequeueAndResetsBackoff()
    {
        _queue.RequeueAfterFailure(A);
        _queue.RequeueAfterFailure(A);

        _queue.Forget(A);
        _time.Advance(TimeSpan.FromMinutes(10));

        _queue.Depth.Should().Be(0);
        _queue.RequeueAfterFailure(A).Should().Be(TimeSpan.FromSeconds(1));
    }

    [Test]
    public void Dispose_PendingRequeue_NeverFires()
    {
        _queue.RequeueAfter(A, TimeSpan.FromSeconds(1));

        _queue.Dispose();
        _time.Advance(TimeSpan.FromSeconds(2));
        _queue.Enqueue(B);

        _queue.Depth.Should().Be(0);
    }

    [Test]
    public async Task Enqueue_DepthChanges_ReportedToCallback()
    {
        var reported = new List<int>();
        using var queue = new EntityQueue(_time, new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)), reported.Add);

        queue.Enqueue(A);
        queue.Enqueue(B);
        await queue.DequeueAsync(CancellationToken.None);

        reported.Should().Equal(1, 2, 1);
    }
}
