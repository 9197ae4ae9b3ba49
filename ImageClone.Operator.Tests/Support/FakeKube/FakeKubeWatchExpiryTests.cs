using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Tests.Support.FakeKube;

public class FakeKubeWatchExpiryTests : FakeKubeTest
{
    [SetUp]
    public void SeedDeployment() => Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));

    [Test]
    public async Task Watch_FromVersionBeforeExpiry_ThrowsHttpOperationException410()
    {
        var old = CurrentVersion();
        Server.ExpireWatches();

        var act = async () =>
        {
            await foreach (var _ in Client.AppsV1.WatchListDeploymentForAllNamespacesAsync(resourceVersion: old, onError: e => throw e))
            {
            }
        };

        (await act.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.Gone);
    }

    [Test]
    public async Task Watch_FromVersionBeforeExpiryWithErrorEventReply_OnErrorGetsKubernetesException410()
    {
        var old = CurrentVersion();
        Server.ExpireWatches();
        Server.ExpiredWatchReply = ExpiredWatchReply.ErrorEvent;

        var act = async () =>
        {
            await foreach (var _ in Client.AppsV1.WatchListDeploymentForAllNamespacesAsync(resourceVersion: old, onError: e => throw e))
            {
            }
        };

        var error = (await act.Should().ThrowAsync<KubernetesException>()).Which;
        error.Status.Code.Should().Be(410);
        error.Status.Reason.Should().Be("Expired");
    }

    [Test]
    public async Task Watch_OpenStreamWhenExpired_OnErrorGetsKubernetesException410()
    {
        await using var watch = new WatchCollector<V1Deployment>(ct => Client.AppsV1.WatchListDeploymentForAllNamespacesAsync(
            resourceVersion: CurrentVersion(), allowWatchBookmarks: true, onError: e => throw e, cancellationToken: ct));
        await Server.WaitForRequestAsync(r => r.Verb == "watch");
        Server.SendBookmarks();
        await watch.WaitForAsync(e => e.Count >= 1);

        Server.ExpireWatches();

        var error = (await watch.Completion.Awaiting(t => t).Should().ThrowAsync<KubernetesException>()).Which;
        error.Status.Code.Should().Be(410);
    }

    [Test]
    public async Task Watch_FromVersionAfterExpiry_Succeeds()
    {
        Server.ExpireWatches();
        var list = await Client.AppsV1.ListDeploymentForAllNamespacesAsync();
        await using var watch = new WatchCollector<V1Deployment>(ct => Client.AppsV1.WatchListDeploymentForAllNamespacesAsync(
            resourceVersion: list.Metadata.ResourceVersion, onError: e => throw e, cancellationToken: ct));
        await Server.WaitForRequestAsync(r => r.Verb == "watch");

        Server.Delete<V1Deployment>("shop", "web");

        (await watch.WaitForAsync(e => e.Count >= 1)).Single().Type.Should().Be(WatchEventType.Deleted);
    }

    [Test]
    public async Task DropWatchConnections_OpenStream_ClientStreamThrowsIOException()
    {
        await using var watch = new WatchCollector<V1Deployment>(ct => Client.AppsV1.WatchListDeploymentForAllNamespacesAsync(
            onError: e => throw e, cancellationToken: ct));
        await watch.WaitForAsync(e => e.Count >= 1);

        Server.DropWatchConnections();

        await watch.Completion.Awaiting(t => t).Should().ThrowAsync<IOException>();
    }

    private string CurrentVersion() => Server.ResourceVersion.ToString(CultureInfo.InvariantCulture);
}
