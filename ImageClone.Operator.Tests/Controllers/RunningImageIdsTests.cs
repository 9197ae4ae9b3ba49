using ImageClone.Controllers;
using ImageClone.Mirroring;
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

    [TestCase("docker-pullable://nginx@" + DigestA, DigestA, false)]
    [TestCase("docker.io/library/nginx@" + DigestA, DigestA, false)]
    [TestCase(DigestA, DigestA, true)]
    [TestCase("docker://" + DigestA, DigestA, true)]
    [TestCase("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", DigestA, true)]
    public void Parse_RuntimeForms_ManifestOrConfigDigest(string imageId, string digest, bool isConfig) =>
        RunningImageIds.Parse(imageId).Should().Be(new RunningImageId(digest, isConfig));

    [TestCase("sha256:abc")]
    [TestCase("nginx@sha256:abc")]
    [TestCase("docker://nginx:1.25")]
    [TestCase("")]
    [TestCase(null)]
    public void Parse_Unusable_Null(string? imageId) =>
        RunningImageIds.Parse(imageId).Should().BeNull();

    [Test]
    public void Reported_AllRunningPodsAgree_OneIdPerContainer()
    {
        var pods = new[] { Pod("nginx:1.25", DigestA), Pod("nginx:1.25", DigestA) };

        RunningImageIds.Reported(pods, Template).Should().BeEquivalentTo(new Dictionary<string, IReadOnlyList<RunningImageId>>
        {
            ["web"] = [new RunningImageId(DigestA, false)],
            ["setup"] = [new RunningImageId(DigestB, false)],
        });
    }

    [Test]
    public void Reported_PodsDisagree_ListsEveryId()
    {
        var pods = new[] { Pod("nginx:1.25", DigestA), Pod("nginx:1.25", DigestB) };

        RunningImageIds.Reported(pods, Template)["web"].Should().Equal(new RunningImageId(DigestA, false), new RunningImageId(DigestB, false));
    }

    [Test]
    public void Reported_PodRunsAnotherImage_OnlyTheTemplatesPodsCount()
    {
        var pods = new[] { Pod("nginx:1.25", DigestA), Pod("nginx:1.24", DigestB) };

        RunningImageIds.Reported(pods, Template)["web"].Should().Equal(new RunningImageId(DigestA, false));
    }

    [Test]
    public void Reported_RunningWithoutUsableId_EmptyList()
    {
        var pod = Pod("nginx:1.25", DigestA);
        pod.Status.ContainerStatuses[0].ImageID = "";

        RunningImageIds.Reported([pod], Template)["web"].Should().BeEmpty();
    }

    [Test]
    public void Reported_NotRunningOrTerminatingPods_AreIgnored()
    {
        var pending = Pod("nginx:1.25", DigestB);
        pending.Status.Phase = "Pending";
        var terminating = Pod("nginx:1.25", DigestB);
        terminating.Metadata.DeletionTimestamp = DateTime.UtcNow;

        RunningImageIds.Reported([Pod("nginx:1.25", DigestA), pending, terminating], Template)["web"].Should().Equal(new RunningImageId(DigestA, false));
    }

    [Test]
    public void Reported_NoRunningPods_Empty() =>
        RunningImageIds.Reported([], Template).Should().BeEmpty();

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
