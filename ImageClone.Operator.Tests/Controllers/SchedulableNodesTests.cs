using ImageClone.Controllers;
using ImageClone.Registry;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

public class SchedulableNodesTests
{
    private static readonly V1Node Amd64 = Node("amd64-a", "amd64");
    private static readonly V1Node Arm64Tainted = Node("arm64-a", "arm64", new V1Taint { Key = "kubernetes.io/arch", Value = "arm64", Effect = "NoSchedule" });
    private static readonly V1Node Arm64 = Node("arm64-b", "arm64");
    private static readonly V1Node[] Nodes = [Amd64, Arm64Tainted, Arm64];

    [Test]
    public void For_NoConstraints_EveryUntaintedNode() =>
        Names(new V1PodSpec()).Should().Equal("amd64-a", "arm64-b");

    [Test]
    public void For_NodeSelector_OnlyMatchingNodes() =>
        Names(new V1PodSpec { NodeSelector = new Dictionary<string, string> { ["kubernetes.io/arch"] = "arm64" } }).Should().Equal("arm64-b");

    [Test]
    public void For_Toleration_AddsTheTaintedNode() =>
        Names(new V1PodSpec { Tolerations = [new V1Toleration { Key = "kubernetes.io/arch", OperatorProperty = "Exists" }] })
            .Should().Equal("amd64-a", "arm64-a", "arm64-b");

    [Test]
    public void For_TolerationOfAnotherValue_DoesNotCoverTheTaint() =>
        Names(new V1PodSpec { Tolerations = [new V1Toleration { Key = "kubernetes.io/arch", Value = "amd64", Effect = "NoSchedule" }] })
            .Should().Equal("amd64-a", "arm64-b");

    [Test]
    public void For_TolerateEverything_EmptyKeyExists() =>
        Names(new V1PodSpec { Tolerations = [new V1Toleration { OperatorProperty = "Exists" }] }).Should().HaveCount(3);

    [TestCase("In", new[] { "amd64" }, new[] { "amd64-a" })]
    [TestCase("NotIn", new[] { "amd64" }, new[] { "arm64-b" })]
    [TestCase("Exists", new string[0], new[] { "amd64-a", "arm64-b" })]
    [TestCase("DoesNotExist", new string[0], new string[0])]
    public void For_RequiredAffinity_FollowsTheOperator(string op, string[] values, string[] expected) =>
        Names(new V1PodSpec
        {
            Affinity = new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                    {
                        NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/arch", OperatorProperty = op, Values = values }] }],
                    },
                },
            },
        }).Should().Equal(expected);

    [TestCase("Gt", "4", new[] { "big" })]
    [TestCase("Lt", "4", new[] { "small" })]
    [TestCase("Gt", "many", new string[0])]
    [TestCase("Lt", "many", new string[0])]
    public void For_RequiredAffinity_GtAndLtCompareIntegersAndHoldForNoOtherValue(string op, string bound, string[] expected)
    {
        var small = Node("small", "amd64");
        small.Metadata.Labels["cores"] = "2";
        var big = Node("big", "amd64");
        big.Metadata.Labels["cores"] = "8";
        var unlabelled = Node("unlabelled", "amd64");
        var spec = new V1PodSpec
        {
            Affinity = new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                    {
                        NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "cores", OperatorProperty = op, Values = [bound] }] }],
                    },
                },
            },
        };

        SchedulableNodes.For(spec, [small, big, unlabelled]).Select(node => node.Metadata.Name).Should().Equal(expected);
    }

    [Test]
    public void PlatformOf_LabelsElseNodeInfo()
    {
        SchedulableNodes.PlatformOf(Amd64).Should().Be(new ImagePlatform("linux", "amd64"));
        var unlabelled = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "bare" },
            Status = new V1NodeStatus { NodeInfo = new V1NodeSystemInfo { OperatingSystem = "linux", Architecture = "arm64" } },
        };
        SchedulableNodes.PlatformOf(unlabelled).Should().Be(new ImagePlatform("linux", "arm64"));
    }

    private static IEnumerable<string> Names(V1PodSpec spec) => SchedulableNodes.For(spec, Nodes).Select(node => node.Metadata.Name);

    private static V1Node Node(string name, string arch, params V1Taint[] taints) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = arch } },
        Spec = new V1NodeSpec { Taints = taints },
    };
}
