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
    public void RequeueAfter_SecondRequeue_ReplacesPendingOne()
    {
        _queue.RequeueAfter(A, TimeSpan.FromSeconds(10));
        _queue.RequeueAfter(A, TimeSpan.FromSeconds(30));

        _time.Advance(TimeSpan.FromSeconds(29));
        _queue.Depth.Should().Be(0);
        _time.Advance(TimeSpan.FromSeconds(1));
        _queue.Depth.Should().Be(1);
    }

    [Test]
    public void RequeueWithBackoff_ConsecutiveFailures_DoublesUpToCap()
    {
        var delays = Enumerable.Range(0, 6).Select(_ => _queue.RequeueWithBackoff(A).TotalSeconds).ToList();

        delays.Should().Equal(1, 2, 4, 5, 5, 5);
    }

    [Test]
    public void RequeueWithBackoff_Failure_QueuesKeyOnlyAfterBackoff()
    {
        _queue.RequeueWithBackoff(A);
        _queue.RequeueWithBackoff(A);

        _time.Advance(TimeSpan.FromMilliseconds(1999));
        _queue.Depth.Should().Be(0);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _queue.Depth.Should().Be(1);
    }

    [Test]
    public void RequeueWithBackoff_OtherKey_HasItsOwnBackoff()
    {
        _queue.RequeueWithBackoff(A);
        _queue.RequeueWithBackoff(A);

        _queue.RequeueWithBackoff(B).Should().Be(TimeSpan.FromSeconds(1));
    }

    [Test]
    public void RequeueAfter_AfterFailures_ResetsBackoff()
    {
        _queue.RequeueWithBackoff(A);
        _queue.RequeueWithBackoff(A);
        _queue.RequeueWithBackoff(A);

        _queue.RequeueAfter(A, TimeSpan.FromSeconds(10));

        _queue.RequeueWithBackoff(A).Should().Be(TimeSpan.FromSeconds(1));
    }

    [Test]
    public void Forget_PendingBackoff_DropsRequeueAndResetsBackoff()
    {
        _queue.RequeueWithBackoff(A);
        _queue.RequeueWithBackoff(A);

        _queue.Forget(A);
        _time.Advance(TimeSpan.FromMinutes(10));

        _queue.Depth.Should().Be(0);
        _queue.RequeueWithBackoff(A).Should().Be(TimeSpan.FromSeconds(1));
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
