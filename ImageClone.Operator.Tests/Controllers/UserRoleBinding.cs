using ImageClone.Tests.Support.Kube;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

/// <summary>
/// A ClusterRole (named apart for the test) bound to one of the test bed's plain users with a ClusterRoleBinding;
/// created only once the apiserver authorizes by it, both deleted on dispose.
/// </summary>
internal sealed class UserRoleBinding : IAsyncDisposable
{
    private readonly Kubernetes _admin;
    private readonly string _name;

    private UserRoleBinding(Kubernetes admin, string name)
    {
        _admin = admin;
        _name = name;
    }

    public static async Task<UserRoleBinding> CreateAsync(TestCluster cluster, string userLabel, V1ClusterRole role)
    {
        var user = cluster.Plane.Users.Get(userLabel).Name;
        var name = $"{role.Metadata.Name}-{Guid.NewGuid():N}";
        role.Metadata = new V1ObjectMeta { Name = name };
        await cluster.Admin.RbacAuthorizationV1.CreateClusterRoleAsync(role);
        var binding = new UserRoleBinding(cluster.Admin, name);
        await cluster.Admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = name },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = name },
            Subjects = [new Rbacv1Subject { ApiGroup = "rbac.authorization.k8s.io", Kind = "User", Name = user }],
        });
        await binding.WaitUntilAuthorizedAsync(user, role.Rules[0]);
        return binding;
    }

    public async ValueTask DisposeAsync()
    {
        await _admin.RbacAuthorizationV1.DeleteClusterRoleBindingAsync(_name);
        await _admin.RbacAuthorizationV1.DeleteClusterRoleAsync(_name);
    }

    // The RBAC authorizer reads roles and bindings from an informer cache: a new binding counts a moment after it is stored.
    private Task WaitUntilAuthorizedAsync(string user, V1PolicyRule rule) =>
        Wait.UntilAsync(
            async () => (await _admin.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview
            {
                Spec = new V1SubjectAccessReviewSpec
                {
                    User = user,
                    ResourceAttributes = new V1ResourceAttributes { Group = rule.ApiGroups[0], Resource = rule.Resources[0], Verb = rule.Verbs[0] },
                },
            })).Status.Allowed,
            () => $"the apiserver authorizes {user} by ClusterRole {_name}",
            TimeSpan.FromSeconds(60));
}
