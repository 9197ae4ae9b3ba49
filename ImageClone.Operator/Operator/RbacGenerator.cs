using System.Reflection;
using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>
/// Builds the ClusterRole the operator needs from its controllers' <see cref="EntityRbacAttribute"/>
/// and <see cref="GenericRbacAttribute"/> declarations plus the runtime's own needs: list/watch/get of
/// every reconciled entity and Events. The output is stable: one rule per (apiGroup, resource), sorted,
/// verbs in a fixed order. The leader Lease is not in it: <see cref="GenerateLeaderElectionRoleYaml"/> grants it
/// in a Role of the controller's own namespace, so the operator cannot touch other components' leases.
/// </summary>
public static class RbacGenerator
{
    public const string DefaultRoleName = "imageclone-manager-role";

    public const string LeaderElectionRoleName = "imageclone-leader-election-role";

    private static readonly (string Group, string Resource, RbacVerb Verbs)[] RuntimeNeeds =
    [
        ("", "events", RbacVerb.Create | RbacVerb.Patch),
    ];

    private const RbacVerb WatchVerbs = RbacVerb.Get | RbacVerb.List | RbacVerb.Watch;

    public static string GenerateClusterRoleYaml(IEnumerable<Type> controllerTypes, string roleName = DefaultRoleName)
    {
        ArgumentNullException.ThrowIfNull(controllerTypes);
        ArgumentException.ThrowIfNullOrWhiteSpace(roleName);
        var role = new V1ClusterRole
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "ClusterRole",
            Metadata = new V1ObjectMeta { Name = roleName },
            Rules = Rules(controllerTypes),
        };
        return KubernetesYaml.Serialize(role);
    }

    /// <summary>
    /// The namespaced Role for leader election: create of leases (which <c>resourceNames</c> cannot limit), get and
    /// update of the one Lease named <paramref name="leaseName"/>. It carries no namespace: it is applied in the
    /// controller's own (kustomize sets it).
    /// </summary>
    public static string GenerateLeaderElectionRoleYaml(string leaseName, string roleName = LeaderElectionRoleName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leaseName);
        ArgumentException.ThrowIfNullOrWhiteSpace(roleName);
        var role = new V1Role
        {
            ApiVersion = "rbac.authorization.k8s.io/v1",
            Kind = "Role",
            Metadata = new V1ObjectMeta { Name = roleName },
            Rules =
            [
                new V1PolicyRule { ApiGroups = ["coordination.k8s.io"], Resources = ["leases"], Verbs = VerbNames(RbacVerb.Create) },
                new V1PolicyRule { ApiGroups = ["coordination.k8s.io"], Resources = ["leases"], ResourceNames = [leaseName], Verbs = VerbNames(RbacVerb.Get | RbacVerb.Update) },
            ],
        };
        return KubernetesYaml.Serialize(role);
    }

    private static List<V1PolicyRule> Rules(IEnumerable<Type> controllerTypes)
    {
        var grants = new Dictionary<(string Group, string Resource), RbacVerb>();
        foreach (var (group, resource, verbs) in RuntimeNeeds.Concat(controllerTypes.SelectMany(Needs)))
        {
            grants[(group, resource)] = grants.GetValueOrDefault((group, resource)) | verbs;
        }

        return grants
            .OrderBy(g => g.Key.Group, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Resource, StringComparer.Ordinal)
            .Select(g => new V1PolicyRule
            {
                ApiGroups = [g.Key.Group],
                Resources = [g.Key.Resource],
                Verbs = VerbNames(g.Value),
            })
            .ToList();
    }

    private static IEnumerable<(string Group, string Resource, RbacVerb Verbs)> Needs(Type controllerType)
    {
        var reconciled = controllerType.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityController<>))
            .Select(i => (i.GetGenericArguments()[0], WatchVerbs));
        var declared = controllerType.GetCustomAttributes<EntityRbacAttribute>()
            .SelectMany(a => a.Entities.Select(e => (e, a.Verbs)));
        var entityNeeds = reconciled.Concat(declared).Select(n =>
        {
            var info = EntityTypeInfo.For(n.Item1);
            return (info.Group, info.Plural, n.Item2);
        });
        var genericNeeds = controllerType.GetCustomAttributes<GenericRbacAttribute>()
            .SelectMany(a => a.Groups.SelectMany(g => a.Resources.Select(r => (g, r, a.Verbs))));
        return entityNeeds.Concat(genericNeeds);
    }

    private static List<string> VerbNames(RbacVerb verbs) =>
        Enum.GetValues<RbacVerb>()
            .Where(v => v != RbacVerb.None && verbs.HasFlag(v))
            .Select(v => v.ToString().ToLowerInvariant())
            .ToList();
}
