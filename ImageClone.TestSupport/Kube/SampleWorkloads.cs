using k8s.Models;

namespace ImageClone.Tests.Support.Kube;

/// <summary>Minimal valid Deployments, DaemonSets and StatefulSets (pods labelled <c>app=&lt;name&gt;</c>).</summary>
public static class SampleWorkloads
{
    public static V1Deployment Deployment(string ns, string name, params (string Name, string Image)[] containers) =>
        Deployment(ns, name, replicas: 1, initContainers: [], containers);

    public static V1Deployment Deployment(string ns, string name, int replicas, (string Name, string Image)[] initContainers, params (string Name, string Image)[] containers) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Template(name, initContainers, containers),
        },
    };

    public static V1DaemonSet DaemonSet(string ns, string name, params (string Name, string Image)[] containers) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "DaemonSet",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Template(name, [], containers),
        },
    };

    /// <summary>
    /// A StatefulSet with the default OrderedReady pods and RollingUpdate strategy; its serviceName names a headless
    /// Service that need not exist (the StatefulSet controller does not look for it).
    /// </summary>
    public static V1StatefulSet StatefulSet(string ns, string name, int replicas, params (string Name, string Image)[] containers) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "StatefulSet",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = name,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Template(name, [], containers),
        },
    };

    private static V1PodTemplateSpec Template(string app, (string Name, string Image)[] initContainers, (string Name, string Image)[] containers) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec
        {
            InitContainers = initContainers.Length == 0 ? null : [.. initContainers.Select(c => new V1Container { Name = c.Name, Image = c.Image })],
            Containers = [.. containers.Select(c => new V1Container { Name = c.Name, Image = c.Image })],
            TerminationGracePeriodSeconds = 0,
        },
    };
}
