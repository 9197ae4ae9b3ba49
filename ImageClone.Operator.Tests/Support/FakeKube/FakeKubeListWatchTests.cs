using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Tests.Support.FakeKube;

public class FakeKubeListWatchTests : FakeKubeTest
{

    [Test]
    public async Task ListForAllNamespaces_SeededInTwoNamespaces_ReturnsBothWithResourceVersion()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        Server.Create(SampleWorkloads.Deployment("ops", "agent", ("app", "busybox:1")));

        var list = await Client.AppsV1.ListDeploymentForAllNamespacesAsync();

        list.Items.Select(d => $"{d.Namespace()}/{d.Name()}").Should().BeEquivalentTo("ops/agent", "shop/web");
        list.Metadata.ResourceVersion.Should().Be(Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        list.Items.Should().OnlyContain(d => d.Kind == "Deployment" && d.ApiVersion == "apps/v1" && d.Metadata.Uid != null);
    }

    [Test]
    public async Task ListNamespaced_OtherNamespaceSeeded_ReturnsOnlyThatNamespace()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        Server.Create(SampleWorkloads.Deployment("ops", "agent", ("app", "busybox:1")));

        var list = await Client.AppsV1.ListNamespacedDeploymentAsync("shop");

        list.Items.Should().ContainSingle().Which.Name().Should().Be("web");
    }

    [Test]
    public async Task Get_Missing_Throws404()
    {
        var act = () => Client.AppsV1.ReadNamespacedDeploymentAsync("nope", "shop");

        (await act.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task WatchFromListVersion_CreatePatchDelete_SeesAddedModifiedDeleted()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "before", ("app", "nginx:1.25")));
        var list = await Client.AppsV1.ListDeploymentForAllNamespacesAsync();
        await using var watch = new WatchCollector<V1Deployment>(ct => Client.AppsV1.WatchListDeploymentForAllNamespacesAsync(
            resourceVersion: list.Metadata.ResourceVersion, timeoutSeconds: 60, onError: e => throw e, cancellationToken: ct));
        await Server.WaitForRequestAsync(r => r.Verb == "watch");

        await Client.AppsV1.CreateNamespacedDeploymentAsync(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")), "shop");
        var patch = new V1Patch("""{"metadata":{"labels":{"tier":"front"}}}""", V1Patch.PatchType.MergePatch);
        await Client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", "shop");
        await Client.AppsV1.DeleteNamespacedDeploymentAsync("web", "shop");

        var events = await watch.WaitForAsync(e => e.Count >= 3);
        events.Select(e => e.Type).Should().Equal(WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted);
        events.Should().OnlyContain(e => e.Object.Name() == "web");
        events[1].Object.Labels().Should().Contain("tier", "front");
    }

    [Test]
    public async Task WatchFromOlderVersion_ChangesAlreadyMade_ReplaysThemInOrder()
    {
        var start = Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        Server.Delete<V1Deployment>("shop", "web");

        await using var watch = new WatchCollector<V1Deployment>(ct => Client.AppsV1.WatchListNamespacedDeploymentAsync(
            "shop", resourceVersion: start, onError: e => throw e, cancellationToken: ct));

        var events = await watch.WaitForAsync(e => e.Count >= 2);
        events.Select(e => e.Type).Should().Equal(WatchEventType.Added, WatchEventType.Deleted);
    }

    [Test]
    public async Task WatchWithoutVersion_ObjectsExist_StartsWithAddedForEach()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        Server.Create(SampleWorkloads.Deployment("ops", "agent", ("app", "busybox:1")));

        await using var watch = new WatchCollector<V1Deployment>(ct => Client.AppsV1.WatchListDeploymentForAllNamespacesAsync(
            onError: e => throw e, cancellationToken: ct));

        var events = await watch.WaitForAsync(e => e.Count >= 2);
        events.Should().OnlyContain(e => e.Type == WatchEventType.Added);
        events.Select(e => e.Object.Name()).Should().BeEquivalentTo("web", "agent");
    }

    [Test]
    public async Task Watch_BookmarksAllowed_ReceivesBookmarkCarryingOnlyResourceVersion()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        var version = Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var watch = new WatchCollector<V1Deployment>(ct => Client.AppsV1.WatchListDeploymentForAllNamespacesAsync(
            resourceVersion: version, allowWatchBookmarks: true, onError: e => throw e, cancellationToken: ct));
        await Server.WaitForRequestAsync(r => r.Verb == "watch");

        Server.SendBookmarks();

        var events = await watch.WaitForAsync(e => e.Any(x => x.Type == WatchEventType.Bookmark));
        var bookmark = events.First(e => e.Type == WatchEventType.Bookmark).Object;
        bookmark.Metadata.ResourceVersion.Should().Be(version);
        bookmark.Metadata.Name.Should().BeNull();
        bookmark.Spec.Should().BeNull();
    }

    [Test]
    public async Task Watch_TimeoutSecondsElapsedAfterEvents_StreamEndsNormally()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        var events = new List<WatchEventType>();

        await foreach (var (type, _) in Client.AppsV1.WatchListDeploymentForAllNamespacesAsync(timeoutSeconds: 1, onError: e => throw e))
        {
            events.Add(type);
        }

        events.Should().Equal(WatchEventType.Added);
    }

    // A real server ends an idle watch with an empty body; KubernetesClient 21 cannot read that and throws.
    [Test]
    public async Task Watch_TimeoutSecondsElapsedWithoutEvents_ClientThrowsEndOfStream()
    {
        var act = async () =>
        {
            await foreach (var _ in Client.AppsV1.WatchListDeploymentForAllNamespacesAsync(timeoutSeconds: 1, onError: e => throw e))
            {
            }
        };

        (await act.Should().ThrowAsync<HttpRequestException>()).WithInnerException<EndOfStreamException>();
    }

    [Test]
    public async Task Watch_LabelSelector_ModificationOutOfSelectorIsDeleted()
    {
        var deployment = SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25"));
        deployment.Metadata.Labels = new Dictionary<string, string> { ["team"] = "a" };
        Server.Create(deployment);
        var version = Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var watch = new WatchCollector<V1Deployment>(ct => Client.AppsV1.WatchListNamespacedDeploymentAsync(
            "shop", labelSelector: "team=a", resourceVersion: version, onError: e => throw e, cancellationToken: ct));
        await Server.WaitForRequestAsync(r => r.Verb == "watch");

        await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"labels":{"team":"b"}}}""", V1Patch.PatchType.MergePatch), "web", "shop");

        (await watch.WaitForAsync(e => e.Count >= 1)).Single().Type.Should().Be(WatchEventType.Deleted);
    }
}
