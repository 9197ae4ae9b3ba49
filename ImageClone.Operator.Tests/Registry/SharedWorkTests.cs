using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

public class SharedWorkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task RunAsync_FirstWaiterGivesUp_WorkGoesOnForTheOthers()
    {
        var shared = new SharedWork<int, int>();
        var work = new GatedWork();
        using var first = new CancellationTokenSource();
        var starter = shared.RunAsync("key", work.RunAsync, null, first.Token);
        await work.Started.Task.WaitAsync(Patience);
        var joiner = shared.RunAsync("key", (_, _) => throw new InvalidOperationException("a joiner's work never runs"), null, CancellationToken.None);

        await first.CancelAsync();
        var gaveUp = () => starter;
        await gaveUp.Should().ThrowAsync<OperationCanceledException>();
        work.Token.IsCancellationRequested.Should().BeFalse("another caller still waits for the work");
        work.Release.SetResult(42);

        (await joiner.WaitAsync(Patience)).Should().Be(42);
        work.Runs.Should().Be(1);
    }

    [Test]
    public async Task RunAsync_EveryWaiterGivesUp_WorkIsCancelledAndTheNextCallerStartsAfresh()
    {
        var shared = new SharedWork<int, int>();
        var work = new GatedWork();
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var waiters = new[] { shared.RunAsync("key", work.RunAsync, null, first.Token), shared.RunAsync("key", work.RunAsync, null, second.Token) };
        await work.Started.Task.WaitAsync(Patience);

        await first.CancelAsync();
        await second.CancelAsync();
        var gaveUp = () => Task.WhenAll(waiters);
        await gaveUp.Should().ThrowAsync<OperationCanceledException>();

        work.Token.IsCancellationRequested.Should().BeTrue("nobody waits for the work any more");
        var fresh = new GatedWork();
        fresh.Release.SetResult(7);
        (await shared.RunAsync("key", fresh.RunAsync, null, CancellationToken.None).WaitAsync(Patience)).Should().Be(7);
        work.Runs.Should().Be(1);
    }

    [Test]
    public async Task RunAsync_FinishWhenAbandoned_EveryWaiterGivesUp_WorkRunsToItsEndAndLaterCallersJoinIt()
    {
        var shared = new SharedWork<int, int>(finishWhenAbandoned: true);
        var work = new GatedWork();
        using var only = new CancellationTokenSource();
        var abandoned = shared.RunAsync("key", work.RunAsync, null, only.Token);
        await work.Started.Task.WaitAsync(Patience);

        await only.CancelAsync();
        var gaveUp = () => abandoned;
        await gaveUp.Should().ThrowAsync<OperationCanceledException>();
        work.Token.IsCancellationRequested.Should().BeFalse("work worth finishing is not cancelled when its waiters leave");
        var later = shared.RunAsync("key", (_, _) => throw new InvalidOperationException("a later caller joins the running work"), null, CancellationToken.None);
        work.Release.SetResult(42);

        (await later.WaitAsync(Patience)).Should().Be(42);
        work.Runs.Should().Be(1);
        var next = new GatedWork();
        next.Release.SetResult(7);
        (await shared.RunAsync("key", next.RunAsync, null, CancellationToken.None).WaitAsync(Patience)).Should().Be(7, "finished work is not kept: the next caller starts afresh");
    }

    [Test]
    public async Task RunAsync_FinishWhenAbandoned_NobodyWaitsWhenItEnds_TheNextCallerStartsAfresh()
    {
        var shared = new SharedWork<int, int>(finishWhenAbandoned: true);
        var work = new GatedWork();
        using var only = new CancellationTokenSource();
        var abandoned = shared.RunAsync("key", work.RunAsync, null, only.Token);
        await work.Started.Task.WaitAsync(Patience);
        await only.CancelAsync();
        await FluentActions.Awaiting(() => abandoned).Should().ThrowAsync<OperationCanceledException>();

        work.Release.SetResult(42);
        var next = new GatedWork();
        next.Release.SetResult(7);
        await Wait.UntilAsync(
            async () => await shared.RunAsync("key", next.RunAsync, null, CancellationToken.None) == 7,
            () => "the finished run is removed once it ended with nobody waiting");
        work.Runs.Should().Be(1);
    }

    [Test]
    public async Task RunAsync_JoinerWithProgress_SeesWhatTheWorkReports()
    {
        var shared = new SharedWork<int, int>();
        var reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var starter = shared.RunAsync("key", async (progress, _) =>
        {
            await joined.Task;
            progress.Report(5);
            progress.Report(6);
            return 1;
        }, null, CancellationToken.None);
        var seen = new List<int>();
        var joiner = shared.RunAsync("key", (_, _) => Task.FromResult(0), new SynchronousProgress(seen), CancellationToken.None);

        joined.SetResult();

        (await Task.WhenAll(starter, joiner).WaitAsync(Patience)).Should().Equal(1, 1);
        seen.Should().Equal(5, 6);
    }

    private sealed class GatedWork
    {
        private int _runs;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<int> Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken Token { get; private set; }

        public int Runs => _runs;

        public async Task<int> RunAsync(IProgress<int> progress, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            Token = cancellationToken;
            Started.SetResult();
            return await Release.Task.WaitAsync(cancellationToken);
        }
    }

    private sealed class SynchronousProgress(List<int> seen) : IProgress<int>
    {
        public void Report(int value)
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }
    }
}
