using ImageClone.Operator;
using YamlDotNet.Serialization;

namespace ImageClone.Tests.Operator;

public class RbacGeneratorTests
{
    private static readonly Type[] Controllers = [typeof(SampleDeploymentController), typeof(SampleDaemonSetController)];

    [Test]
    public void GenerateClusterRoleYaml_TwoControllers_ProducesClusterRoleShape()
    {
        var role = Parse(RbacGenerator.GenerateClusterRoleYaml(Controllers, "test-role"));

        role["apiVersion"].Should().Be("rbac.authorization.k8s.io/v1");
        role["kind"].Should().Be("ClusterRole");
        ((Dictionary<object, object>)role["metadata"])["name"].Should().Be("test-role");
    }

    [Test]
    public void GenerateClusterRoleYaml_TwoControllers_MergesRulesPerResourceSortedWithVerbsInFixedOrder()
    {
        var rules = Rules(RbacGenerator.GenerateClusterRoleYaml(Controllers, "test-role"));

        rules.Should().Equal(
            ("", "events", "get,create,patch"),
            ("", "pods", "list"),
            ("apps", "daemonsets", "get,list,watch,patch"),
            ("apps", "deployments", "get,list,watch,update,patch,delete"));
    }

    [Test]
    public void GenerateClusterRoleYaml_ControllersInOtherOrder_SameOutput()
    {
        var forward = RbacGenerator.GenerateClusterRoleYaml(Controllers, "test-role");

        var backward = RbacGenerator.GenerateClusterRoleYaml(Controllers.Reverse(), "test-role");

        backward.Should().Be(forward);
    }

    [Test]
    public void GenerateClusterRoleYaml_NoControllers_GrantsOnlyRuntimeNeeds()
    {
        var rules = Rules(RbacGenerator.GenerateClusterRoleYaml([], RbacGenerator.DefaultRoleName));

        rules.Should().Equal(("", "events", "create,patch"));
    }

    [Test]
    public void GenerateLeaderElectionRoleYaml_NamespacedRoleLimitedToTheOneLease()
    {
        var role = Parse(RbacGenerator.GenerateLeaderElectionRoleYaml("my-lease", "lease-role"));
        var rules = ((List<object>)role["rules"]).Cast<Dictionary<object, object>>().ToList();

        role["kind"].Should().Be("Role");
        ((Dictionary<object, object>)role["metadata"]).Should().NotContainKey("namespace", "kustomize puts it in the controller's namespace");
        rules.Select(r => string.Join(",", ((List<object>)r["verbs"]).Cast<string>())).Should().Equal("create", "get,update");
        rules[0].Should().NotContainKey("resourceNames", "create cannot be limited by name");
        ((List<object>)rules[1]["resourceNames"]).Should().Equal("my-lease");
        rules.Should().OnlyContain(r => ((List<object>)r["resources"]).Cast<string>().Single() == "leases");
    }

    private static Dictionary<string, object> Parse(string yaml) => new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(yaml);

    private static List<(string Group, string Resource, string Verbs)> Rules(string yaml) =>
        ((List<object>)Parse(yaml)["rules"])
            .Cast<Dictionary<object, object>>()
            .Select(r => (
                (string)((List<object>)r["apiGroups"]).Single(),
                (string)((List<object>)r["resources"]).Single(),
                string.Join(",", ((List<object>)r["verbs"]).Cast<string>())))
            .ToList();
}
