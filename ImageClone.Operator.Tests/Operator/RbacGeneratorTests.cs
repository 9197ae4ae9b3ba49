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
            ("apps", "deployments", "get,list,watch,update,patch,delete"),
            ("coordination.k8s.io", "leases", "get,create,update"));
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

        rules.Should().Equal(("", "events", "create,patch"), ("coordination.k8s.io", "leases", "get,create,update"));
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
