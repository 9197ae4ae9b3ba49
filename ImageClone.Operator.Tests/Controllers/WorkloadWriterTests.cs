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

        var patch = JsonDocument.Parse(WorkloadWriter.PatchFor(workload, rewrite)).RootElement;

        patch.GetProperty("metadata").GetProperty("resourceVersion").GetString().Should().Be("42");
        patch.GetProperty("metadata").GetProperty("annotations").GetProperty("imageclone.io/original-images").GetString()
            .Should().Be("""{"containers":{"web":"nginx:1.25"}}""");
        var podSpec = patch.GetProperty("spec").GetProperty("template").GetProperty("spec");
        podSpec.GetProperty("containers").GetRawText().Should().Be("""[{"name":"web","image":"m/n:1.25@sha256:00"}]""");
        podSpec.GetProperty("initContainers").GetRawText().Should().Be("""[{"name":"setup","image":"m/b@sha256:11"}]""");
    }
}
