using k8s;
using k8s.Models;

namespace ImageClone.Tests.Support.Kube;

/// <summary>
/// The committed leader-election Role and RoleBinding (<c>config/rbac/leader_election_role*.yaml</c>), applied in one
/// controller namespace as kustomize applies them in <c>imageclone-system</c>.
/// </summary>
public static class LeaderElectionRbac
{
    public static async Task ApplyAsync(Kubernetes admin, string controllerNamespace)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var rbac = Path.Combine(TestbedRoot.Path, "config", "rbac");
        var role = KubernetesYaml.Deserialize<V1Role>(await File.ReadAllTextAsync(Path.Combine(rbac, "leader_election_role.yaml")));
        var binding = KubernetesYaml.Deserialize<V1RoleBinding>(await File.ReadAllTextAsync(Path.Combine(rbac, "leader_election_role_binding.yaml")));
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, controllerNamespace);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, controllerNamespace);
    }
}
