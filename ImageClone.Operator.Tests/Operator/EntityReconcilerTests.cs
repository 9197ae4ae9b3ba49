using ImageClone.Operator;
using k8s.Models;

namespace ImageClone.Tests.Operator;

public class EntityReconcilerTests
{
    private ReconcilerHarness _harness = null!;

    private ScriptedController Controller => _harness.Controller;

    [SetUp]
    public void SetUp() => _harness = new ReconcilerHarness();

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    [Test]
    public async Task Reconcile_ObjectChangedWhileQueued_ReconcilesLatestObjectOnce()
    {
        _harness.Changed(Deployments.Make("web", "1"));
        _harness.Changed(Deployments.Make("web", "2"));

        _harness.StartWorkers(4);
        await _harness.WaitUntilIdle();

        Controller.Reconciled.Select(d => d.Metadata.ResourceVersion).Should().Equal("2");
    }

    [Test]
    public async Task Reconcile_EventDuringReconcile_RunsAgainAfterwardsNeverConcurrently()
    {
        var release = new TaskCompletionSource();
        Controller.OnReconcile = async (d, _) =>
        {
            if (d.Metadata.ResourceVersion == "1")
            {
                await release.Task;
            }

            return ReconciliationResult<V1Deployment>.Success(d);
        };
        _harness.StartWorkers(4);
        _harness.Changed(Deployments.Make("web", "1"));
        await Wait.UntilAsync(() => Controller.InFlight == 1, "the first reconcile runs");

        _harness.Changed(Deployments.Make("web", "2"));
        _harness.Queue.Depth.Should().Be(0, "the key is in flight, so no other worker may take it");
        release.SetResult();
        await Wait.UntilAsync(() => Controller.Reconciled.Count == 2, "the key runs again");

        await _harness.WaitUntilIdle();
        Controller.Reconciled.Select(d => d.Metadata.ResourceVersion).Should().Equal("1", "2");
        Controller.MaxInFlightPerKey.Should().Be(1);
    }

    [Test]
    public async Task Reconcile_SuccessWithRequeueAfter_ReconcilesAgainAfterThatDelay()
    {
        Controller.OnReconcile = (d, _) => Task.FromResult(ReconciliationResult<V1Deployment>.Success(d, TimeSpan.FromSeconds(30)));
        _harness.StartWorkers(1);
        _harness.Changed(Deployments.Make("web", "1"));
        await Wait.UntilAsync(() => Controller.Reconciled.Count == 1 && _harness.Idle, "the first reconcile finishes");

        _harness.Time.Advance(TimeSpan.FromSeconds(29));
        _harness.Queue.Depth.Should().Be(0);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));

        await Wait.UntilAsync(() => Controller.Reconciled.Count == 2, "the requeue fires");
    }

    [Test]
    public async Task Reconcile_RepeatedFailures_BackOffExponentially()
    {
        Controller.OnReconcile = (d, _) => Task.FromResult(ReconciliationResult<V1Deployment>.Failure(d, "registry down"));
        _harness.StartWorkers(1);
        _harness.Changed(Deployments.Make("web", "1"));

        foreach (var (attempt, backoff) in new[] { (1, 1), (2, 2), (3, 4) })
        {
            await Wait.UntilAsync(() => Controller.Reconciled.Count == attempt && _harness.Idle, $"attempt {attempt} finishes");
            _harness.Time.Advance(TimeSpan.FromSeconds(backoff) - TimeSpan.FromMilliseconds(1));
            _harness.Queue.Depth.Should().Be(0, $"the backoff after attempt {attempt} is {backoff}s");
            _harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        await Wait.UntilAsync(() => Controller.Reconciled.Count == 4, "the fourth attempt runs");
    }

    [Test]
    public async Task Reconcile_FailureWithRequeueAfter_UsesThatDelayAndKeepsBackoff()
    {
        var results = new Queue<Func<V1Deployment, ReconciliationResult<V1Deployment>>>(
        [
            d => ReconciliationResult<V1Deployment>.Failure(d, "first"),
            d => ReconciliationResult<V1Deployment>.Failure(d, "second"),
            d => ReconciliationResult<V1Deployment>.Failure(d, "unhealthy rollout", requeueAfter: TimeSpan.FromSeconds(20)),
            d => ReconciliationResult<V1Deployment>.Failure(d, "still failing"),
            d => ReconciliationResult<V1Deployment>.Success(d),
        ]);
        Controller.OnReconcile = (d, _) => Task.FromResult(results.Dequeue()(d));
        _harness.StartWorkers(1);
        _harness.Changed(Deployments.Make("web", "1"));

        foreach (var (attempt, delay) in new[] { (1, 1), (2, 2), (3, 20), (4, 8) })
        {
            await Wait.UntilAsync(() => Controller.Reconciled.Count == attempt && _harness.Idle, $"attempt {attempt} finishes");
            _harness.Time.Advance(TimeSpan.FromSeconds(delay) - TimeSpan.FromMilliseconds(1));
            _harness.Queue.Depth.Should().Be(0, $"attempt {attempt} is retried after {delay}s");
            _harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        await Wait.UntilAsync(() => Controller.Reconciled.Count == 5, "the fifth attempt runs");
    }

    [Test]
    public async Task Reconcile_SuccessWithRequeueAfterBetweenFailures_ResetsBackoff()
    {
        var results = new Queue<Func<V1Deployment, ReconciliationResult<V1Deployment>>>(
        [
            d => ReconciliationResult<V1Deployment>.Failure(d, "first"),
            d => ReconciliationResult<V1Deployment>.Failure(d, "second"),
            d => ReconciliationResult<V1Deployment>.Success(d, TimeSpan.FromSeconds(20)),
            d => ReconciliationResult<V1Deployment>.Failure(d, "after the success"),
            d => ReconciliationResult<V1Deployment>.Success(d),
        ]);
        Controller.OnReconcile = (d, _) => Task.FromResult(results.Dequeue()(d));
        _harness.StartWorkers(1);
        _harness.Changed(Deployments.Make("web", "1"));

        foreach (var (attempt, delay) in new[] { (1, 1), (2, 2), (3, 20), (4, 1) })
        {
            await Wait.UntilAsync(() => Controller.Reconciled.Count == attempt && _harness.Idle, $"attempt {attempt} finishes");
            _harness.Time.Advance(TimeSpan.FromSeconds(delay) - TimeSpan.FromMilliseconds(1));
            _harness.Queue.Depth.Should().Be(0, $"attempt {attempt} is retried after {delay}s");
            _harness.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        await Wait.UntilAsync(() => Controller.Reconciled.Count == 5, "the fifth attempt runs");
    }

    [Test]
    public async Task Reconcile_ControllerThrows_CountsAsFailureAndKeepsWorking()
    {
        var calls = 0;
        Controller.OnReconcile = (d, _) => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("boom")
            : Task.FromResult(ReconciliationResult<V1Deployment>.Success(d));
        _harness.StartWorkers(1);
        _harness.Changed(Deployments.Make("web", "1"));
        await Wait.UntilAsync(() => Controller.Reconciled.Count == 1 && _harness.Idle, "the throwing reconcile finishes");

        _harness.Time.Advance(TimeSpan.FromSeconds(1));

        await Wait.UntilAsync(() => Controller.Reconciled.Count == 2 && _harness.Idle, "it is retried after the base backoff");
    }

    [Test]
    public async Task Reconcile_SuccessWithoutRequeue_ForgetsKey()
    {
        var failed = false;
        Controller.OnReconcile = (d, _) => Task.FromResult(failed
            ? ReconciliationResult<V1Deployment>.Success(d)
            : ReconciliationResult<V1Deployment>.Failure(d, "first"));
        _harness.StartWorkers(1);
        _harness.Changed(Deployments.Make("web", "1"));
        await Wait.UntilAsync(() => Controller.Reconciled.Count == 1 && _harness.Idle, "the failing reconcile finishes");
        failed = true;
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await Wait.UntilAsync(() => Controller.Reconciled.Count == 2 && _harness.Idle, "the retry succeeds");

        _harness.Time.Advance(TimeSpan.FromHours(1));

        _harness.Queue.Depth.Should().Be(0);
        _harness.Queue.RequeueAfterFailure(new EntityKey("apps", "web")).Should().Be(TimeSpan.FromSeconds(1), "success reset the backoff");
    }

    [Test]
    public async Task Workers_ManyKeys_NeverExceedMaxConcurrentReconciles()
    {
        var release = new TaskCompletionSource();
        Controller.OnReconcile = async (d, _) =>
        {
            await release.Task;
            return ReconciliationResult<V1Deployment>.Success(d);
        };
        _harness.StartWorkers(2);
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            _harness.Changed(Deployments.Make(name, "1"));
        }

        await Wait.UntilAsync(() => Controller.InFlight == 2 && _harness.Queue.Depth == 3, "two workers are busy");
        release.SetResult();
        await Wait.UntilAsync(() => Controller.Reconciled.Count == 5 && _harness.Idle, "all keys are reconciled");

        Controller.MaxInFlight.Should().Be(2);
    }

    [Test]
    public async Task Deleted_PendingRequeue_IsDroppedAndDeletedAsyncCalled()
    {
        Controller.OnReconcile = (d, _) => Task.FromResult(ReconciliationResult<V1Deployment>.Success(d, TimeSpan.FromSeconds(30)));
        _harness.StartWorkers(1);
        var web = Deployments.Make("web", "1");
        _harness.Changed(web);
        await Wait.UntilAsync(() => Controller.Reconciled.Count == 1 && _harness.Idle, "the reconcile finishes");

        _harness.Deleted(web);
        await Wait.UntilAsync(() => Controller.Deleted.Count == 1 && _harness.Idle, "DeletedAsync runs");
        _harness.Time.Advance(TimeSpan.FromMinutes(1));

        _harness.Queue.Depth.Should().Be(0);
        Controller.Reconciled.Should().ContainSingle();
    }

    [Test]
    public async Task Deleted_DuringReconcile_ResultRequeueIsDropped()
    {
        var release = new TaskCompletionSource();
        Controller.OnReconcile = async (d, _) =>
        {
            await release.Task;
            return ReconciliationResult<V1Deployment>.Success(d, TimeSpan.FromSeconds(30));
        };
        _harness.StartWorkers(2);
        var web = Deployments.Make("web", "1");
        _harness.Changed(web);
        await Wait.UntilAsync(() => Controller.InFlight == 1, "the reconcile runs");

        _harness.Deleted(web);
        release.SetResult();
        await Wait.UntilAsync(() => Controller.Deleted.Count == 1 && _harness.Idle, "DeletedAsync runs after the reconcile");
        _harness.Time.Advance(TimeSpan.FromMinutes(1));

        _harness.Queue.Depth.Should().Be(0);
        Controller.Reconciled.Should().ContainSingle();
    }

    [Test]
    public async Task Reconcile_KeyNotInCache_IsSkipped()
    {
        _harness.StartWorkers(1);

        _harness.Queue.Enqueue(new EntityKey("apps", "gone"));
        await _harness.WaitUntilIdle();

        Controller.Reconciled.Should().BeEmpty();
        Controller.Deleted.Should().BeEmpty();
    }

    [Test]
    public async Task GateClosed_CancelsTheReconcileInFlightAndStartsNoOther_UntilItOpens()
    {
        var cancelled = 0;
        Controller.OnReconcile = async (d, ct) =>
        {
            if (d.Metadata.Name == "web" && Controller.Reconciled.Count(r => r.Metadata.Name == "web") == 1)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelled);
                    throw;
                }
            }

            return ReconciliationResult<V1Deployment>.Success(d);
        };
        _harness.StartWorkers(2);
        _harness.Changed(Deployments.Make("web", "1"));
        await Wait.UntilAsync(() => Controller.InFlight == 1, "the reconcile runs");

        _harness.Gate.Close();
        await Wait.UntilAsync(() => Volatile.Read(ref cancelled) == 1 && Controller.InFlight == 0, "the gate's closing cancels it");
        _harness.Changed(Deployments.Make("api", "1"));
        await Task.Delay(300);

        Controller.Reconciled.Select(d => d.Metadata.Name).Should().Equal(["web"], "no reconcile starts while the gate is closed");
        _harness.Queue.Depth.Should().Be(2, "the paused key is queued again, beside the new one");

        _harness.Gate.Open();
        await _harness.WaitUntilIdle();
        Controller.Reconciled.Select(d => d.Metadata.Name).Should().BeEquivalentTo(["web", "web", "api"]);
    }

    [Test]
    public async Task GateClosed_DuringAFailure_KeepsTheKeysBackoff()
    {
        var failures = 0;
        Controller.OnReconcile = async (d, ct) =>
        {
            if (Interlocked.Increment(ref failures) <= 2)
            {
                return ReconciliationResult<V1Deployment>.Failure(d, "registry down");
            }

            await Task.Delay(Timeout.Infinite, ct);
            return ReconciliationResult<V1Deployment>.Success(d);
        };
        _harness.StartWorkers(1);
        _harness.Changed(Deployments.Make("web", "1"));
        await Wait.UntilAsync(() => Controller.Reconciled.Count == 1 && _harness.Idle, "the first attempt fails");
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await Wait.UntilAsync(() => Controller.Reconciled.Count == 2 && _harness.Idle, "the second attempt fails");
        _harness.Time.Advance(TimeSpan.FromSeconds(2));
        await Wait.UntilAsync(() => Controller.InFlight == 1, "the third attempt hangs");

        _harness.Gate.Close();
        await Wait.UntilAsync(() => Controller.InFlight == 0 && _harness.Queue.Depth == 1, "the paused attempt is queued again");
        _harness.Gate.Open();
        await Wait.UntilAsync(() => Controller.Reconciled.Count == 4, "it runs again once the gate opens");

        _harness.Queue.RequeueAfterFailure(EntityKey.For(Deployments.Make("web", "1")), null).Should().Be(TimeSpan.FromSeconds(4),
            "the pause neither counted a failure (8 s) nor cleared the two counted (1 s): the third failure backs off 4 s");
    }
}
