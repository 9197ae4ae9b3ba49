using System.Net;
using ImageClone.Operator;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageClone.Tests.Operator;

public class ResourceWatcherTests
{
    private TimerCountingTimeProvider _time = null!;
    private FakeDeploymentApi _api = null!;
    private EntityCache<V1Deployment> _cache = null!;
    private CancellationTokenSource _stop = null!;
    private EntityQueue _queue = null!;
    private ResourceWatcher<V1Deployment> _watcher = null!;
    private Task _running = Task.CompletedTask;
    private int _synced;

    [SetUp]
    public void SetUp()
    {
        _time = new TimerCountingTimeProvider();
        _api = new FakeDeploymentApi();
        _cache = new EntityCache<V1Deployment>();
        _stop = new CancellationTokenSource();
        _running = Task.CompletedTask;
        _synced = 0;
        var settings = new OperatorSettings { FailureBackoffBase = TimeSpan.FromSeconds(1), FailureBackoffCap = TimeSpan.FromSeconds(8) };
        _queue = new EntityQueue(_time, new ExponentialBackoff(settings.FailureBackoffBase, settings.FailureBackoffCap));
        _watcher = new ResourceWatcher<V1Deployment>(_api, new QueueingSink<V1Deployment>(_cache, _queue), settings, _time, NullLogger.Instance);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _stop.CancelAsync();
        await _running;
        _queue.Dispose();
        _stop.Dispose();
    }

    [Test]
    public async Task Run_ListsThenWatchesFromListResourceVersion()
    {
        _api.SetList("10", Deployments.Make("a", "5"), Deployments.Make("b", "7"));

        await StartAndWaitForWatch(1);

        _synced.Should().Be(1);
        _cache.Keys.Should().BeEquivalentTo([new EntityKey("apps", "a"), new EntityKey("apps", "b")]);
        DrainKeys().Should().BeEquivalentTo([new EntityKey("apps", "a"), new EntityKey("apps", "b")]);
        var watch = _api.LatestWatch;
        watch.ResourceVersion.Should().Be("10");
        watch.AllowBookmarks.Should().BeTrue();
        watch.TimeoutSeconds.Should().Be(300);
    }

    [Test]
    public async Task Watch_AddedAndModified_UpdateCacheAndQueueKey()
    {
        await StartAndWaitForWatch(1);

        _api.LatestWatch.Send(WatchEventType.Added, Deployments.Make("a", "11"));
        _api.LatestWatch.Send(WatchEventType.Modified, Deployments.Make("a", "12"));
        await Wait.UntilAsync(() => _watcher.ResourceVersion == "12", "both events are applied");

        _cache.TryGet(new EntityKey("apps", "a"), out var cached).Should().BeTrue();
        cached.Metadata.ResourceVersion.Should().Be("12");
        DrainKeys().Should().Equal(new EntityKey("apps", "a"));
    }

    [Test]
    public async Task ListAndWatch_CacheObjectsWithoutManagedFields()
    {
        _api.SetList("10", WithManagedFields(Deployments.Make("a", "5")));
        await StartAndWaitForWatch(1);

        _api.LatestWatch.Send(WatchEventType.Added, WithManagedFields(Deployments.Make("b", "11")));
        await Wait.UntilAsync(() => _watcher.ResourceVersion == "11", "the event is applied");

        foreach (var name in new[] { "a", "b" })
        {
            _cache.TryGet(new EntityKey("apps", name), out var cached).Should().BeTrue();
            cached.Metadata.ManagedFields.Should().BeNull($"{name}: managedFields are stripped, as controller-runtime's TransformStripManagedFields does");
            cached.Metadata.Labels.Should().ContainKey("app", "the rest of the object is kept");
        }
    }

    private static V1Deployment WithManagedFields(V1Deployment deployment)
    {
        deployment.Metadata.Labels = new Dictionary<string, string> { ["app"] = deployment.Metadata.Name };
        deployment.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Update", FieldsType = "FieldsV1", FieldsV1 = new { } }];
        return deployment;
    }

    [Test]
    public async Task Watch_Deleted_RemovesFromCacheAndQueuesDeletion()
    {
        _api.SetList("10", Deployments.Make("a", "5"));
        await StartAndWaitForWatch(1);
        DrainKeys();

        _api.LatestWatch.Send(WatchEventType.Deleted, Deployments.Make("a", "11"));
        await Wait.UntilAsync(() => _watcher.ResourceVersion == "11", "the deletion is applied");

        var key = new EntityKey("apps", "a");
        _cache.Contains(key).Should().BeFalse();
        DrainKeys().Should().Equal(key);
        _cache.TryTakeDeleted(key, out var lastState).Should().BeTrue();
        lastState.Metadata.ResourceVersion.Should().Be("11");
    }

    [Test]
    public async Task Watch_Bookmark_AdvancesResourceVersionWithoutQueueing()
    {
        await StartAndWaitForWatch(1);

        _api.LatestWatch.Send(WatchEventType.Bookmark, Deployments.Bookmark("42"));
        _api.LatestWatch.End();
        await WaitForWatch(2);

        _api.LatestWatch.ResourceVersion.Should().Be("42");
        _queue.Depth.Should().Be(0);
        _api.ListCalls.Should().Be(1);
    }

    [Test]
    public async Task Watch_EndsNormally_RewatchesFromLastResourceVersion()
    {
        _api.SetList("10");
        await StartAndWaitForWatch(1);

        _api.LatestWatch.Send(WatchEventType.Added, Deployments.Make("a", "11"));
        _api.LatestWatch.End();
        await WaitForWatch(2);

        _api.LatestWatch.ResourceVersion.Should().Be("11");
        _api.ListCalls.Should().Be(1);
    }

    [Test]
    public async Task Watch_EndsWithoutEvents_RewatchesAfterPause()
    {
        _api.SetList("10");
        await StartAndWaitForWatch(1);

        _api.LatestWatch.End();
        await Wait.UntilAsync(() => _time.TimersCreated == 1, "the watcher pauses");
        _api.Watches.Should().HaveCount(1, "an empty watch is not reopened at once");
        _time.Advance(TimeSpan.FromSeconds(2));
        await WaitForWatch(2);

        _api.LatestWatch.ResourceVersion.Should().Be("10");
    }

    [Test]
    public async Task Watch_TimesOutWithoutEventsRepeatedly_RewatchesAfterTheSameShortPauseEachTime()
    {
        _api.SetList("10");
        await StartAndWaitForWatch(1);

        for (var watch = 1; watch <= 3; watch++)
        {
            // What KubernetesClient throws when the server ends a watch at its timeoutSeconds without sending an event.
            _api.LatestWatch.Fail(new HttpRequestException("Error while copying content to a stream.", new EndOfStreamException()));
            await Wait.UntilAsync(() => _time.TimersCreated == watch, $"the watcher pauses after watch #{watch}");
            _time.Advance(TimeSpan.FromSeconds(1.25));
            await WaitForWatch(watch + 1);
        }

        _api.LatestWatch.ResourceVersion.Should().Be("10");
        _api.ListCalls.Should().Be(1);
    }

    [Test]
    public async Task Watch_GoneAsKubernetesException_RelistsAndDetectsDeletion() =>
        await ExpiredWatch_RelistsAndDiffsCache(new KubernetesException(new V1Status { Code = 410, Reason = "Expired" }));

    [Test]
    public async Task Watch_GoneAsHttpOperationException_RelistsAndDetectsDeletion() =>
        await ExpiredWatch_RelistsAndDiffsCache(new HttpOperationException("Operation returned an invalid status code 'Gone'")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.Gone), "{}"),
        });

    [Test]
    public async Task Watch_OtherError_RewatchesFromLastResourceVersionAfterBackoff()
    {
        _api.SetList("10");
        await StartAndWaitForWatch(1);
        _api.LatestWatch.Send(WatchEventType.Added, Deployments.Make("a", "11"));
        await Wait.UntilAsync(() => _watcher.ResourceVersion == "11", "the event is applied");

        _api.LatestWatch.Fail(new HttpRequestException("connection reset"));
        await Wait.UntilAdvancingAsync(_time, TimeSpan.FromMilliseconds(100), () => _api.Watches.Count == 2, "the watch is retried");

        _api.LatestWatch.ResourceVersion.Should().Be("11");
        _api.ListCalls.Should().Be(1);
    }

    [Test]
    public async Task Run_ListFails_RetriesAndSyncsOnlyAfterSuccess()
    {
        _api.FailNextList(new HttpRequestException("connection refused"));
        _api.SetList("10", Deployments.Make("a", "5"));
        Start();
        await Wait.UntilAsync(() => _api.ListCalls == 1, "the first list is tried");
        _synced.Should().Be(0);

        await Wait.UntilAdvancingAsync(_time, TimeSpan.FromMilliseconds(100), () => _api.Watches.Count == 1, "the list is retried");

        _api.ListCalls.Should().Be(2);
        _synced.Should().Be(1);
        _cache.Keys.Should().ContainSingle();
    }

    private async Task ExpiredWatch_RelistsAndDiffsCache(Exception gone)
    {
        _api.SetList("10", Deployments.Make("kept", "5"), Deployments.Make("changed", "6"), Deployments.Make("removed", "7"));
        await StartAndWaitForWatch(1);
        DrainKeys();

        _api.SetList("20", Deployments.Make("kept", "5"), Deployments.Make("changed", "16"), Deployments.Make("new", "18"));
        _api.LatestWatch.Fail(gone);
        await WaitForWatch(2);

        _api.ListCalls.Should().Be(2);
        _api.LatestWatch.ResourceVersion.Should().Be("20");
        _cache.Keys.Select(k => k.Name).Should().BeEquivalentTo(["kept", "changed", "new"]);
        DrainKeys().Select(k => k.Name).Should().BeEquivalentTo(["changed", "new", "removed"]);
        _cache.TryTakeDeleted(new EntityKey("apps", "removed"), out _).Should().BeTrue("an object missing from the new list was deleted");
        _synced.Should().Be(1, "a re-list is not a new sync");
    }

    private void Start() =>
        _running = Task.Run(() => _watcher.RunAsync(() => Interlocked.Increment(ref _synced), _stop.Token));

    private async Task StartAndWaitForWatch(int count)
    {
        Start();
        await WaitForWatch(count);
    }

    private Task WaitForWatch(int count) => Wait.UntilAsync(() => _api.Watches.Count == count, $"watch #{count} is opened");

    private List<EntityKey> DrainKeys()
    {
        var keys = new List<EntityKey>();
        while (_queue.Depth > 0)
        {
            var key = _queue.DequeueAsync(CancellationToken.None).GetAwaiter().GetResult();
            _queue.Done(key);
            keys.Add(key);
        }

        return keys;
    }
}
