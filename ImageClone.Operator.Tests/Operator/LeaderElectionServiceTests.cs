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
    public async Task LeaseUnreachablePastRenewDeadline_StopsWorkThenLeadsAgain()
    {
        var replica = await StartReplica("only");
        await Wait.UntilAsync(() => replica.State.IsLeader && replica.Runner.Running, "the replica leads");

        _lease.RefuseNext(12);
        await Wait.UntilAsync(() => !replica.State.IsLeader, "no renewal for the 1 s renew deadline: leadership is given up");

        replica.Runner.LastToken.IsCancellationRequested.Should().BeTrue();
        await Wait.UntilAsync(() => replica.State.IsLeader && replica.Runner.Starts == 2, "it leads again once the API server answers");
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

        await Wait.UntilAsync(() => replica.Runner.Running, "the controllers run");

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

    private async Task<Replica> StartReplica(string identity, bool enableLeaderElection = true)
    {
        var replica = new Replica(_lease, identity, _probe, enableLeaderElection);
        _replicas.Add(replica);
        await replica.StartAsync();
        return replica;
    }
}
