using System.Reflection;
using k8s.Models;

namespace ImageClone.Tests.Support.FakeKube;

internal static class KubeResourceCatalog
{
    public static readonly IReadOnlyList<KubeResource> All =
    [
        new("", "v1", "namespaces", "namespace", "Namespace", Namespaced: false, HasStatus: true, "ns"),
        new("", "v1", "pods", "pod", "Pod", Namespaced: true, HasStatus: true, "po"),
        new("", "v1", "secrets", "secret", "Secret", Namespaced: true, HasStatus: false),
        new("", "v1", "events", "event", "Event", Namespaced: true, HasStatus: false, "ev"),
        new("apps", "v1", "deployments", "deployment", "Deployment", Namespaced: true, HasStatus: true, "deploy"),
        new("apps", "v1", "daemonsets", "daemonset", "DaemonSet", Namespaced: true, HasStatus: true, "ds"),
        new("coordination.k8s.io", "v1", "leases", "lease", "Lease", Namespaced: true, HasStatus: false),
    ];

    public static IEnumerable<string> GroupVersions => All.Select(r => r.GroupVersion).Distinct();

    public static KubeResource? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    public static KubeResource For<T>()
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{typeof(T).Name} is not a Kubernetes model");
        return Find(entity.Group, entity.ApiVersion, entity.PluralName)
            ?? throw new ArgumentException($"the fake API server does not serve {entity.PluralName}");
    }
}
