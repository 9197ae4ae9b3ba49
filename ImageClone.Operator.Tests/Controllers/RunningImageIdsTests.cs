using ImageClone.Controllers;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

public class RunningImageIdsTests
{
    private const string DigestA = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string DigestB = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    private static readonly V1PodTemplateSpec Template = new()
    {
        Spec = new V1PodSpec
        {
            InitContainers = [new V1Container { Name = "setup", Image = "busybox:1.36" }],
            Containers = [new V1Container { Name = "web", Image = "nginx:1.25" }],
        },
    };

    [TestCase("docker-pullable://nginx@" + DigestA, DigestA)]
    [TestCase("docker.io/library/nginx@" + DigestA, DigestA)]
    [TestCase(DigestA, null)]
    [TestCase("sha256:abc", null)]
    [TestCase("", null)]
    [TestCase(null, null)]
    public void DigestOf_ImageId_ParsesManifestDigestOnly(string? imageId, string? expected) =>
        RunningImageIds.DigestOf(imageId).Should().Be(expected);

    [Test]
    public void Agreed_AllRunningPodsAgree_ReturnsDigestPerContainer()
    {
        var pods = new[] { Pod("nginx:1.25", DigestA), Pod("nginx:1.25", DigestA) };

        RunningImageIds.Agreed(pods, Template).Should().BeEquivalentTo(new Dictionary<string, string> { ["web"] = DigestA, ["setup"] = DigestB });
    }

    [Test]
    public void Agreed_PodsDisagree_LeavesContainerOut()
    {
        var pods = new[] { Pod("nginx:1.25", DigestA), Pod("nginx:1.25", DigestB) };

        RunningImageIds.Agreed(pods, Template).Should().NotContainKey("web").And.ContainKey("setup");
    }

    [Test]
    public void Agreed_PodRunsAnotherImage_LeavesContainerOut()
    {
        var pods = new[] { Pod("nginx:1.25", DigestA), Pod("nginx:1.24", DigestA) };

        RunningImageIds.Agreed(pods, Template).Should().NotContainKey("web");
    }

    [Test]
    public void Agreed_NotRunningOrTerminatingPods_AreIgnored()
    {
        var pending = Pod("nginx:1.25", DigestB);
        pending.Status.Phase = "Pending";
        var terminating = Pod("nginx:1.25", DigestB);
        terminating.Metadata.DeletionTimestamp = DateTime.UtcNow;

        RunningImageIds.Agreed([Pod("nginx:1.25", DigestA), pending, terminating], Template)["web"].Should().Be(DigestA);
    }

    [Test]
    public void Agreed_NoRunningPods_Empty() =>
        RunningImageIds.Agreed([], Template).Should().BeEmpty();

    private static V1Pod Pod(string webImage, string webDigest) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p" },
        Spec = new V1PodSpec
        {
            InitContainers = [new V1Container { Name = "setup", Image = "busybox:1.36" }],
            Containers = [new V1Container { Name = "web", Image = webImage }],
        },
        Status = new V1PodStatus
        {
            Phase = "Running",
            InitContainerStatuses = [new V1ContainerStatus { Name = "setup", ImageID = "docker.io/library/busybox@" + DigestB }],
            ContainerStatuses = [new V1ContainerStatus { Name = "web", ImageID = "docker-pullable://docker.io/library/nginx@" + webDigest }],
        },
    };
}
