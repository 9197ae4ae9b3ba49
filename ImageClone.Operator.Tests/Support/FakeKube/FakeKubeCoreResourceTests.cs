using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Tests.Support.FakeKube;

public class FakeKubeCoreResourceTests : FakeKubeTest
{
    protected override FakeKubeOptions Options => new() { SimulateRollouts = false, BookmarkInterval = TimeSpan.FromMilliseconds(100) };

    [Test]
    public async Task Secret_CreatedThroughClient_ReadsBackData()
    {
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "pull" },
            Type = "kubernetes.io/dockerconfigjson",
            Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes("{}") },
        }, "ops");

        var secret = await Client.CoreV1.ReadNamespacedSecretAsync("pull", "ops");

        Encoding.UTF8.GetString(secret.Data[".dockerconfigjson"]).Should().Be("{}");
    }

    [Test]
    public async Task Secret_StringData_StoredAsData()
    {
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "token" },
            StringData = new Dictionary<string, string> { ["token"] = "s3cr3t" },
        }, "ops");

        var secret = await Client.CoreV1.ReadNamespacedSecretAsync("token", "ops");

        Encoding.UTF8.GetString(secret.Data["token"]).Should().Be("s3cr3t");
        secret.StringData.Should().BeNull();
    }

    [Test]
    public async Task Event_CreatedAndPatched_ListedByServerHelper()
    {
        await Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "web.1" },
            InvolvedObject = new V1ObjectReference { Kind = "Deployment", Name = "web", NamespaceProperty = "shop" },
            Type = "Normal",
            Reason = "Mirrored",
            Message = "copied 2 images",
            Count = 1,
        }, "shop");

        await Client.CoreV1.PatchNamespacedEventAsync(new V1Patch("""{"count":2}""", V1Patch.PatchType.MergePatch), "web.1", "shop");

        Server.Events("shop", "web").Should().ContainSingle().Which.Should().BeEquivalentTo(new { Reason = "Mirrored", Count = 2 });
        (await Client.CoreV1.ListNamespacedEventAsync("shop")).Items.Should().ContainSingle();
    }

    [Test]
    public async Task Namespace_ClusterScoped_CreatedActiveAndListed()
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "shop" } });

        var namespaces = await Client.CoreV1.ListNamespaceAsync();

        namespaces.Items.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Metadata = new { Name = "shop", NamespaceProperty = (string?)null },
            Status = new { Phase = "Active" },
        });
    }

    [Test]
    public async Task ListPods_LabelSelector_ReturnsOnlyMatching()
    {
        Server.Create(Pod("a", "web"));
        Server.Create(Pod("b", "api"));
        Server.Create(Pod("c", null));

        var web = await Client.CoreV1.ListNamespacedPodAsync("shop", labelSelector: "app=web");
        var notWeb = await Client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: "app,app!=web");
        var withoutApp = await Client.CoreV1.ListNamespacedPodAsync("shop", labelSelector: "!app");

        web.Items.Select(p => p.Name()).Should().Equal("a");
        notWeb.Items.Select(p => p.Name()).Should().Equal("b");
        withoutApp.Items.Select(p => p.Name()).Should().Equal("c");
    }

    [Test]
    public async Task ApplyPatch_MissingThenExisting_CreatesThenMerges()
    {
        var first = new V1Patch(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")), V1Patch.PatchType.ApplyPatch);
        var second = new V1Patch(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.26")), V1Patch.PatchType.ApplyPatch);

        await Client.AppsV1.PatchNamespacedDeploymentAsync(first, "web", "shop", fieldManager: "test");
        var merged = await Client.AppsV1.PatchNamespacedDeploymentAsync(second, "web", "shop", fieldManager: "test");

        merged.Spec.Template.Spec.Containers.Single().Image.Should().Be("nginx:1.26");
        merged.Metadata.Generation.Should().Be(2);
    }

    [Test]
    public async Task Delete_StaleResourceVersionPrecondition_Throws409AndKeepsObject()
    {
        var seeded = Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), "web", "shop");

        var act = () => Client.AppsV1.DeleteNamespacedDeploymentAsync("web", "shop",
            new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = seeded.Metadata.ResourceVersion } });

        (await act.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        Server.Get<V1Deployment>("shop", "web").Should().NotBeNull();
    }

    [Test]
    public async Task Watch_IdleWithBookmarksAllowed_GetsPeriodicBookmarks()
    {
        await using var watch = new WatchCollector<V1Pod>(ct => Client.CoreV1.WatchListPodForAllNamespacesAsync(
            resourceVersion: Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            allowWatchBookmarks: true, onError: e => throw e, cancellationToken: ct));

        var events = await watch.WaitForAsync(e => e.Count(x => x.Type == WatchEventType.Bookmark) >= 2);

        events.Should().OnlyContain(e => e.Type == WatchEventType.Bookmark && e.Object.Kind == "Pod");
    }

    private static V1Pod Pod(string name, string? app) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "shop",
            Labels = app is null ? null : new Dictionary<string, string> { ["app"] = app },
        },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox:1" }] },
    };
}
