using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Tests.Support.FakeKube;

public class FakeKubeWriteTests : FakeKubeTest
{

    [Test]
    public async Task Create_NewDeployment_Returns201WithUidTimestampGenerationAndEmptyStatus()
    {
        var body = SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25"));
        body.Status = new V1DeploymentStatus { ReadyReplicas = 5 };

        var created = await Client.AppsV1.CreateNamespacedDeploymentWithHttpMessagesAsync(body, "shop");

        created.Response.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Body.Metadata.Uid.Should().NotBeNullOrEmpty();
        created.Body.Metadata.CreationTimestamp.Should().NotBeNull();
        created.Body.Metadata.Generation.Should().Be(1);
        created.Body.Status?.ReadyReplicas.Should().BeNull();
    }

    [Test]
    public async Task Create_Existing_Throws409AlreadyExists()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));

        var act = () => Client.AppsV1.CreateNamespacedDeploymentAsync(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")), "shop");

        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        error.Response.Content.Should().Contain("\"reason\":\"AlreadyExists\"");
    }

    [Test]
    public async Task Replace_StaleResourceVersion_Throws409ConflictStatus()
    {
        var stale = Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), "web", "shop");

        var act = () => Client.AppsV1.ReplaceNamespacedDeploymentAsync(stale, "web", "shop");

        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        error.Response.Content.Should().Contain("\"kind\":\"Status\"").And.Contain("\"reason\":\"Conflict\"").And.Contain("\"code\":409");
    }

    [Test]
    public async Task Replace_CurrentResourceVersionWithNewImage_BumpsResourceVersionAndGeneration()
    {
        var current = Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        current.Spec.Template.Spec.Containers[0].Image = "nginx:1.26";

        var replaced = await Client.AppsV1.ReplaceNamespacedDeploymentAsync(current, "web", "shop");

        long.Parse(replaced.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeGreaterThan(long.Parse(current.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture));
        replaced.Metadata.Generation.Should().Be(2);
    }

    [TestCase(V1Patch.PatchType.MergePatch)]
    [TestCase(V1Patch.PatchType.StrategicMergePatch)]
    public async Task Patch_StaleResourceVersionInPatch_Throws409(V1Patch.PatchType type)
    {
        var stale = Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), "web", "shop");
        var patch = new V1Patch(new V1Deployment
        {
            Metadata = new V1ObjectMeta { ResourceVersion = stale.Metadata.ResourceVersion, Labels = new Dictionary<string, string> { ["c"] = "d" } },
        }, type);

        var act = () => Client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", "shop");

        (await act.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        Server.Get<V1Deployment>("shop", "web")!.Labels().Should().NotContainKey("c");
    }

    [Test]
    public async Task StrategicMergePatch_OneContainerImageByName_KeepsOtherContainersAndBumpsGeneration()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", 1, [("init", "busybox:1")], ("app", "nginx:1.25"), ("sidecar", "envoy:1")));
        var patch = new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"mirror/nginx:1.25@sha256:aa"}]}}}}""",
            V1Patch.PatchType.StrategicMergePatch);

        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", "shop");

        patched.Spec.Template.Spec.Containers.Select(c => (c.Name, c.Image)).Should()
            .Equal(("app", "mirror/nginx:1.25@sha256:aa"), ("sidecar", "envoy:1"));
        patched.Spec.Template.Spec.InitContainers.Should().ContainSingle().Which.Image.Should().Be("busybox:1");
        patched.Metadata.Generation.Should().Be(2);
    }

    [Test]
    public async Task MergePatch_AnnotationOnly_DoesNotBumpGeneration()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));

        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"annotations":{"x":"y"}}}""", V1Patch.PatchType.MergePatch), "web", "shop");

        patched.Metadata.Generation.Should().Be(1);
        patched.Annotations().Should().Contain("x", "y");
    }

    [Test]
    public async Task Patch_ChangingNothing_KeepsResourceVersion()
    {
        var seeded = Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));

        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"replicas":1}}""", V1Patch.PatchType.MergePatch), "web", "shop");

        patched.Metadata.ResourceVersion.Should().Be(seeded.Metadata.ResourceVersion);
    }

    [Test]
    public async Task JsonPatch_TestAndReplaceImage_AppliesBoth()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        var patch = new V1Patch("""
            [{"op":"test","path":"/spec/template/spec/containers/0/image","value":"nginx:1.25"},
             {"op":"replace","path":"/spec/template/spec/containers/0/image","value":"mirror/nginx:1.25"}]
            """, V1Patch.PatchType.JsonPatch);

        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", "shop");

        patched.Spec.Template.Spec.Containers[0].Image.Should().Be("mirror/nginx:1.25");
    }

    [Test]
    public async Task JsonPatch_FailedTest_Throws422AndChangesNothing()
    {
        var seeded = Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        var patch = new V1Patch("""
            [{"op":"test","path":"/spec/template/spec/containers/0/image","value":"nginx:9"},
             {"op":"replace","path":"/spec/template/spec/containers/0/image","value":"mirror/nginx:9"}]
            """, V1Patch.PatchType.JsonPatch);

        var act = () => Client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", "shop");

        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        error.Response.Content.Should().Contain("\"reason\":\"Invalid\"");
        Server.Get<V1Deployment>("shop", "web")!.Metadata.ResourceVersion.Should().Be(seeded.Metadata.ResourceVersion);
    }

    [Test]
    public async Task Patch_StatusInMainResource_IsIgnoredButStatusSubresourceApplies()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        var patch = new V1Patch("""{"status":{"readyReplicas":3}}""", V1Patch.PatchType.MergePatch);

        var main = await Client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", "shop");
        var status = await Client.AppsV1.PatchNamespacedDeploymentStatusAsync(patch, "web", "shop");

        main.Status?.ReadyReplicas.Should().BeNull();
        status.Status.ReadyReplicas.Should().Be(3);
    }

    [Test]
    public async Task UpdateStatusHelper_NewStatus_ClientReadsItAndGenerationStays()
    {
        var seeded = Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        seeded.Status = new V1DeploymentStatus { ObservedGeneration = 1, Replicas = 1, AvailableReplicas = 1 };

        Server.UpdateStatus(seeded);

        var read = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "shop");
        read.Status.AvailableReplicas.Should().Be(1);
        read.Metadata.Generation.Should().Be(1);
        read.Metadata.ResourceVersion.Should().NotBe(seeded.Metadata.ResourceVersion);
    }

    [Test]
    public async Task Delete_Existing_RemovesIt()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("web", "shop");

        Server.Get<V1Deployment>("shop", "web").Should().BeNull();
    }

    [Test]
    public async Task Requests_AfterPatch_RecordVerbUserResourceAndName()
    {
        Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));

        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), "web", "shop");

        Server.Requests.Where(r => r.IsWrite).Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Verb = "patch",
            User = "admin",
            StatusCode = 200,
            ApiGroup = "apps",
            Resource = "deployments",
            Namespace = "shop",
            Name = "web",
        });
    }
}
