using k8s;
using k8s.Models;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>Reads the policy rules of every ClusterRole and Role in a (multi-document) YAML file.</summary>
internal static class ClusterRoleLoader
{
    public static IReadOnlyList<V1PolicyRule> LoadRules(string yamlPath)
    {
        var documents = KubernetesYaml.LoadAllFromString(File.ReadAllText(yamlPath));
        return documents
            .SelectMany(d => d switch
            {
                V1ClusterRole role => role.Rules ?? [],
                V1Role role => role.Rules ?? [],
                _ => [],
            })
            .ToList();
    }
}
