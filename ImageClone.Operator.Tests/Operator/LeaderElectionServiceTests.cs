namespace ImageClone.Tests.Operator;

public class LeaderElectionServiceTests
{
    private InMemoryLease _lease = null!;
    private ConcurrencyProbe _probe = null!;
    private readonly List<Replica> _replicas = [];

    [SetUp]
    public void SetUp()
    {
        _lease = new InMemoryLease();
        _probe = new ConcurrencyProbe();
        _replicas.Clear();
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Test]
    public async Task TwoReplicas_OneLeadsAndTheOtherFollows()
    {
        var first = await StartReplica("first");
        var second = await StartReplica("second");

        await Wait.UntilAsync(() => first.State.IsLeader || second.State.IsLeader, "one replica leads");
        var (leader, follower) = first.State.IsLeader ? (first, second) : (second, first);
        await Wait.UntilAsync(() => follower.State.LeadershipSettled, "the other observes the leader");
        var version = _lease.Version;
        await Wait.UntilAsync(() => _lease.Version >= version + 3, "the leader renews three more times");

        follower.State.IsLeader.Should().BeFalse();
        follower.Runner.Starts.Should().Be(0);
        leader.Runner.Running.Should().BeTrue();
        _probe.MaxActive.Should().Be(1);
        leader.State.IsReady.Should().BeTrue("it leads and its watches synced");
        follower.State.IsReady.Should().BeTrue("a follower that has seen the leader is ready");
    }

    [Test]
    public async Task LeaseTakenByAnother_CancelsWorkAtOnceAndFollows()
    {
        var replica = await StartReplica("only");
        await Wait.UntilAsync(() => replica.State.IsLeader && replica.Runner.Running, "the replica leads");

        _lease.TakeOver("thief");
        await Wait.UntilAsync(() => !replica.State.IsLeader, "the replica notices it lost the lease");

        replica.Runner.LastToken.IsCancellationRequested.Should().BeTrue("work is cancelled before leadership is reported lost");
        await Wait.UntilAsync(() => !replica.Runner.Running, "the work stops");
        await Wait.UntilAsync(() => replica.State.LeadershipSettled, "the replica follows the new holder");
        replica.State.IsLeader.Should().BeFalse();
    }

    [Test]
    public async Task LeaseFreedAfterLoss_LeadershipRegained()
    {
        var replica = await StartReplica("only");
        await Wait.UntilAsync(() => replica.State.IsLeader, "the replica leads");
        _lease.TakeOver("thief");
        await Wait.UntilAsync(() => !replica.State.IsLeader, "the replica loses the lease");

        await Wait.UntilAsync(() => replica.State.IsLeader && replica.Runner.Starts == 2, "the replica leads again once the thief's lease expires");

        _lease.Holder.Should().Be("only");
        replica.Runner.Running.Should().BeTrue();
        _probe.MaxActive.Should().Be(1, "the old term's work ended before the new one started");
    }

    [Test]
    public async Task LeaseUnreachableForLessThanRenewDeadline_KeepsLeadershipAndWork()
    {
        var replica = await StartReplica("only");
        await Wait.UntilAsync(() => replica.State.IsLeader && replica.Runner.Running, "the replica leads");

        _lease.RefuseNext(3);
        var version = _lease.Version;
        await Wait.UntilAsync(() => _lease.Version >= version + 2, "renewals succeed again once the API server answers");

        replica.State.LeadershipTerms.Should().Be(1, "three refused renewals (600 ms) are within the 1 s renew deadline");
        replica.Runner.Starts.Should().Be(1);
        replica.Runner.LastToken.IsCancellationRequested.Should().BeFalse();
    }

    [Test]
    public async Task LeaseUnreachablePastRenewDeadline_PausesWorkThenResumesTheSameTerm()
    {
        var replica = await StartReplica("only");
        await Wait.UntilAsync(() => replica.State.IsLeader && replica.Runner.Running, "the replica leads");

        _lease.RefuseNext(12);
        await Wait.UntilAsync(() => !replica.State.IsLeader, "no renewal for the 1 s renew deadline: leading is paused");

        replica.Gate.IsOpen.Should().BeFalse("reconciles stop while the lease may be expiring for the others");
        replica.Runner.LastToken.IsCancellationRequested.Should().BeFalse("the term's caches and copies are kept");
        replica.State.IsReady.Should().BeFalse();
        await Wait.UntilAsync(() => replica.State.IsLeader, "it leads again once the API server answers");
        replica.Gate.IsOpen.Should().BeTrue();
        replica.State.LeadershipTerms.Should().Be(1, "the lease still named it, so nobody else led meanwhile");
        replica.State.LeadershipSuspensions.Should().Be(1);
        replica.Runner.Starts.Should().Be(1);
        _lease.Holder.Should().Be("only");
    }

    [Test]
    public async Task LeaseTakenWhileUnreachable_EndsTheTermAndFollows()
    {
        var replica = await StartReplica("only");
        await Wait.UntilAsync(() => replica.State.IsLeader && replica.Runner.Running, "the replica leads");

        _lease.RefuseNext(1000);
        await Wait.UntilAsync(() => !replica.State.IsLeader, "leading is paused");
        _lease.TakeOver("thief");
        _lease.RefuseNext(0);

        await Wait.UntilAsync(() => !replica.Runner.Running, "the term ends: another replica held the lease");
        replica.Runner.LastToken.IsCancellationRequested.Should().BeTrue();
        replica.Gate.IsOpen.Should().BeFalse();
        await Wait.UntilAsync(() => replica.State.LeadershipSettled, "it follows the thief");
        replica.State.IsLeader.Should().BeFalse();
        _lease.Holder.Should().Be("thief");
    }

    [Test]
    public async Task Renewal_OneRequestEach_TheLeaseIsNotReadFirst()
    {
        var replica = await StartReplica("only");
        await Wait.UntilAsync(() => replica.State.IsLeader, "the replica leads");
        var (version, requests) = (_lease.Version, _lease.Requests);

        await Wait.UntilAsync(() => _lease.Version >= version + 5, "five renewals");

        // one request may be between its arrival and its write at either end; a read before each write would double them
        (_lease.Requests - requests).Should().BeLessThanOrEqualTo(_lease.Version - version + 1, "client-go's fast path: the holder replaces the lease it last wrote");
    }

    [Test]
    public async Task LeaseAnswersSlowerThanRetryPeriod_StillAcquiredAndKept()
    {
        _lease.Latency = TimeSpan.FromMilliseconds(300);
        var replica = await StartReplica("only");

        await Wait.UntilAsync(() => replica.State.IsLeader && replica.Runner.Running, "the replica leads although every answer takes 1.5 retry periods");
        var version = _lease.Version;
        await Wait.UntilAsync(() => _lease.Version >= version + 2, "and renews");

        replica.State.LeadershipTerms.Should().Be(1);
    }

    [Test]
    public async Task LeaderElectionDisabled_RunsControllersWithoutLease()
    {
        var replica = await StartReplica("only", enableLeaderElection: false);

        // The runner reports Running just before it reports its watches synced.
        await Wait.UntilAsync(() => replica.Runner.Running && replica.State.IsReady, "the controllers run and their watches synced");

        replica.State.IsLeader.Should().BeTrue();
        replica.State.IsReady.Should().BeTrue();
        _lease.Holder.Should().BeNull();
    }

    [Test]
    public async Task Stop_WhileLeading_CancelsWork()
    {
        var replica = await StartReplica("only");
        await Wait.UntilAsync(() => replica.Runner.Running, "the replica leads");

        _replicas.Remove(replica);
        await replica.DisposeAsync();

        replica.Runner.Running.Should().BeFalse();
        replica.State.IsLeader.Should().BeFalse();
    }

    [Test]
    public async Task Stop_WhileLeading_ReleasesTheLeaseStampedWithTheInjectedClock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var replica = new Replica(_lease, "only", _probe, time: time);
        await replica.StartAsync();
        await Wait.UntilAsync(() => replica.State.IsLeader, "the replica leads");

        await replica.DisposeAsync();

        var released = _lease.Read().Record!;
        released.HolderIdentity.Should().BeEmpty("the lease is handed back on shutdown");
        released.RenewTime.Should().Be(time.GetUtcNow().UtcDateTime);
    }

    private async Task<Replica> StartReplica(string identity, bool enableLeaderElection = true)
    {
        var replica = new Replica(_lease, identity, _probe, enableLeaderElection);
        _replicas.Add(replica);
        await replica.StartAsync();
        return replica;
    }
}
