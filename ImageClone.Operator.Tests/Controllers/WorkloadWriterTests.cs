using System.Text.Json;
using ImageClone.Controllers;
using ImageClone.Mirroring;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

public class WorkloadWriterTests
{
    [Test]
    public void PatchFor_Rewrite_ListsOnlyChangedContainersWithResourceVersionAndAnnotation()
    {
        var workload = new Workload(WorkloadKind.Deployment, "apps/v1", new V1ObjectMeta { Name = "web", NamespaceProperty = "shop", ResourceVersion = "42" },
            new V1PodTemplateSpec { Spec = new V1PodSpec() }, null, RolloutStatus.Healthy);
        var rewrite = new MirrorRewrite(
            [new ImageRewrite("web", false, "nginx:1.25", "m/n:1.25@sha256:00"), new ImageRewrite("setup", true, "busybox", "m/b@sha256:11")],
            """{"containers":{"web":"nginx:1.25"}}""",
            []);

        var patch = JsonDocument.Parse(WorkloadWriter.PatchFor(workload, rewrite, new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero))).RootElement;

        patch.GetProperty("metadata").GetProperty("resourceVersion").GetString().Should().Be("42");
        var annotations = patch.GetProperty("metadata").GetProperty("annotations");
        annotations.GetProperty("imageclone.io/original-images").GetString().Should().Be("""{"containers":{"web":"nginx:1.25"}}""");
        annotations.GetProperty("imageclone.io/rewritten-images").GetString()
            .Should().Be("""{"containers":{"web":"m/n:1.25@sha256:00"},"initContainers":{"setup":"m/b@sha256:11"}}""");
        annotations.GetProperty("imageclone.io/rewritten-at").GetString().Should().Be("2026-12-01T10:00:00.0000000Z");
        PodSpec(patch).TryGetProperty("imagePullSecrets", out _).Should().BeFalse("no pull secret was granted");
        PodSpec(patch).GetProperty("containers").GetRawText().Should().Be("""[{"name":"web","image":"m/n:1.25@sha256:00"}]""");
        PodSpec(patch).GetProperty("initContainers").GetRawText().Should().Be("""[{"name":"setup","image":"m/b@sha256:11"}]""");
    }

    [Test]
    public void RevertPatch_FailedRewrite_RestoresOriginalsTakesOutTheAddedPullSecretAndRecordsTheFailure()
    {
        var annotations = new Dictionary<string, string>
        {
            ["imageclone.io/original-images"] = """{"containers":{"web":"nginx:1.25"},"initContainers":{}}""",
            ["imageclone.io/rewritten-images"] = """{"containers":{"web":"m/n:1.25@sha256:00"},"initContainers":{}}""",
            ["imageclone.io/added-pull-secret"] = "imageclone-pull-secret",
        };
        var template = new V1PodTemplateSpec
        {
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "web", Image = "m/n:1.25@sha256:00" }, new V1Container { Name = "side", Image = "envoy:1" }],
                ImagePullSecrets = [new V1LocalObjectReference { Name = "team" }, new V1LocalObjectReference { Name = "imageclone-pull-secret" }],
            },
        };
        var workload = new Workload(WorkloadKind.Deployment, "apps/v1", new V1ObjectMeta { Name = "web", NamespaceProperty = "shop", ResourceVersion = "43", Annotations = annotations },
            template, null, RolloutStatus.Unhealthy("ProgressDeadlineExceeded"));

        var patch = JsonDocument.Parse(WorkloadReverter.PatchFor(workload, "pod web-1 cannot start m/n: ErrImagePull", new DateTimeOffset(2026, 12, 1, 10, 5, 0, TimeSpan.Zero))).RootElement;

        patch.GetProperty("metadata").GetProperty("resourceVersion").GetString().Should().Be("43");
        var written = patch.GetProperty("metadata").GetProperty("annotations");
        JsonDocument.Parse(written.GetProperty("imageclone.io/rewrite-failed").GetString()!).RootElement.GetProperty("reason").GetString().Should().Contain("ErrImagePull");
        written.GetProperty("imageclone.io/rewritten-images").ValueKind.Should().Be(JsonValueKind.Null, "the follow-up annotations go");
        written.GetProperty("imageclone.io/added-pull-secret").ValueKind.Should().Be(JsonValueKind.Null);
        PodSpec(patch).GetProperty("containers").GetRawText().Should().Be("""[{"name":"web","image":"nginx:1.25"}]""", "only what the operator changed goes back");
        PodSpec(patch).GetProperty("imagePullSecrets").GetRawText().Should().Be("""[{"$patch":"delete","name":"imageclone-pull-secret"}]""");
    }

    private static JsonElement PodSpec(JsonElement patch) => patch.GetProperty("spec").GetProperty("template").GetProperty("spec");
}
