using ImageClone.Controllers;
using ImageClone.Tests.Support.Kube;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

/// <summary>
/// The pod cache picks a workload's pods with <see cref="LabelSelectorMatch"/> where the operator used to ask the API
/// server with <c>labelSelector</c>: for each selector here both must pick the same pods of one namespace.
/// </summary>
[TestFixture]
internal sealed class LabelSelectorMatchTests
{
    private static readonly Dictionary<string, Dictionary<string, string>> Pods = new()
    {
        ["web-prod"] = new() { ["app"] = "web", ["env"] = "prod", ["team"] = "a" },
        ["web-stage"] = new() { ["app"] = "web", ["env"] = "stage" },
        ["web-canary"] = new() { ["app"] = "web", ["env"] = "prod", ["canary"] = "true", ["legacy"] = "yes" },
        ["db"] = new() { ["app"] = "db", ["env"] = "prod", ["team"] = "b" },
        ["bare"] = new() { ["other"] = "x" },
    };

    private static readonly (string Query, V1LabelSelector Selector)[] Selectors =
    [
        ("app=web", Labels(("app", "web"))),
        ("app=web,env=prod", Labels(("app", "web"), ("env", "prod"))),
        ("env in (prod,stage)", Expression("env", "In", "prod", "stage")),
        ("canary notin (true)", Expression("canary", "NotIn", "true")),
        ("team", Expression("team", "Exists")),
        ("!legacy", Expression("legacy", "DoesNotExist")),
        ("app=web,!legacy,env in (prod)", new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
            MatchExpressions = [Requirement("legacy", "DoesNotExist"), Requirement("env", "In", "prod")],
        }),
        ("app=none", Labels(("app", "none"))),
    ];

    [Test]
    public async Task Matches_EverySelectorForm_PicksThePodsTheApiServerPicks()
    {
        await using var cluster = await TestCluster.StartAsync();
        var ns = await cluster.EnsureNamespaceAsync(cluster.Ns("selectors"));
        foreach (var (name, labels) in Pods)
        {
            await cluster.Admin.CoreV1.CreateNamespacedPodAsync(
                new V1Pod
                {
                    Metadata = new V1ObjectMeta { Name = name, Labels = labels },
                    Spec = new V1PodSpec
                    {
                        NodeSelector = new Dictionary<string, string> { ["testbed.imageclone.io/none"] = "true" },
                        Containers = [new V1Container { Name = "app", Image = "example.invalid/app:1" }],
                    },
                },
                ns);
        }

        foreach (var (query, selector) in Selectors)
        {
            var server = (await cluster.Admin.CoreV1.ListNamespacedPodAsync(ns, labelSelector: query)).Items.Select(p => p.Metadata.Name);
            var ours = Pods.Where(pod => LabelSelectorMatch.Matches(selector, pod.Value)).Select(pod => pod.Key);
            ours.Should().BeEquivalentTo(server, $"the selector {query} picks the same pods");
        }
    }

    [Test]
    public void Matches_EmptyOrMissingSelector_MatchesNothing()
    {
        LabelSelectorMatch.Matches(null, Pods["web-prod"]).Should().BeFalse();
        LabelSelectorMatch.Matches(new V1LabelSelector(), Pods["web-prod"]).Should().BeFalse("a workload's pods are never every pod of its namespace");
    }

    private static V1LabelSelector Labels(params (string Key, string Value)[] labels) =>
        new() { MatchLabels = labels.ToDictionary(l => l.Key, l => l.Value) };

    private static V1LabelSelector Expression(string key, string op, params string[] values) =>
        new() { MatchExpressions = [Requirement(key, op, values)] };

    private static V1LabelSelectorRequirement Requirement(string key, string op, params string[] values) =>
        new() { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values };
}
