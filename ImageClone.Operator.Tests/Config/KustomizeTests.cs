using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace ImageClone.Tests.Config;

public class KustomizeTests
{
    private static IReadOnlyList<YamlMappingNode> _documents = [];

    [OneTimeSetUp]
    public static async Task BuildConfig() => _documents = Parse(await KustomizeAsync());

    [Test]
    public void Build_HoldsEveryInstalledObject()
    {
        _documents.Select(d => $"{Text(d, "kind")}/{Text(d, "metadata", "name")}").Should().BeEquivalentTo(
            "Namespace/imageclone-system",
            "ServiceAccount/imageclone-controller",
            "ClusterRole/imageclone-manager-role",
            "ClusterRoleBinding/imageclone-manager-rolebinding",
            "Role/imageclone-leader-election-role",
            "RoleBinding/imageclone-leader-election-rolebinding",
            "Deployment/imageclone-controller");
    }

    [Test]
    public void Build_DoesNotApplyTheExampleSecret() =>
        _documents.Should().NotContain(d => Text(d, "kind") == "Secret");

    [Test]
    public void Binding_GivesTheRoleToTheServiceAccountInItsNamespace()
    {
        var binding = Single("ClusterRoleBinding");
        var subject = (YamlMappingNode)((YamlSequenceNode)binding["subjects"]).Children.Single();

        Text(binding, "roleRef", "name").Should().Be("imageclone-manager-role");
        Text(subject, "name").Should().Be("imageclone-controller");
        Text(subject, "namespace").Should().Be("imageclone-system");
    }

    [Test]
    public void Manager_TakesConfigurationFromEnvironmentDownwardApiAndSecret()
    {
        var env = ((YamlSequenceNode)Container()["env"]).Children.Cast<YamlMappingNode>().ToDictionary(n => Text(n, "name"));

        env.Should().ContainKey("REPOSITORY");
        Text(env["CONTROLLER_NAMESPACE"], "valueFrom", "fieldRef", "fieldPath").Should().Be("metadata.namespace");
        Text(env["REGISTRY_USERNAME"], "valueFrom", "secretKeyRef", "name").Should().Be("registry-secret");
        Text(env["REGISTRY_USERNAME"], "valueFrom", "secretKeyRef", "key").Should().Be("registry-username");
        Text(env["REGISTRY_PASSWORD"], "valueFrom", "secretKeyRef", "name").Should().Be("registry-secret");
        Text(env["REGISTRY_PASSWORD"], "valueFrom", "secretKeyRef", "key").Should().Be("registry-password");
        Text(env["PULL_USERNAME"], "valueFrom", "secretKeyRef", "name").Should().Be("registry-pull-secret");
        Text(env["PULL_PASSWORD"], "valueFrom", "secretKeyRef", "key").Should().Be("pull-password");
        Text(env["PULL_PASSWORD"], "valueFrom", "secretKeyRef", "optional").Should().Be("true", "the read-only pull credential is optional");
    }

    [Test]
    public void Manager_HasProbesResourcesAndARestrictedSecurityContext()
    {
        var container = Container();

        Text(container, "livenessProbe", "httpGet", "path").Should().Be("/healthz");
        Text(container, "readinessProbe", "httpGet", "path").Should().Be("/readyz");
        Text(container, "resources", "requests", "memory").Should().NotBeEmpty();
        Text(container, "resources", "limits", "memory").Should().NotBeEmpty();
        Text(container, "securityContext", "runAsNonRoot").Should().Be("true");
        Text(container, "securityContext", "readOnlyRootFilesystem").Should().Be("true");
        Text(container, "securityContext", "allowPrivilegeEscalation").Should().Be("false");
        ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)container["securityContext"])["capabilities"])["drop"]).Children
            .Select(c => c.ToString()).Should().Equal("ALL");
        Text(PodSpec(), "securityContext", "seccompProfile", "type").Should().Be("RuntimeDefault");
    }

    [Test]
    public void Manager_RunsTwoReplicasUnderItsServiceAccount()
    {
        Text(Single("Deployment"), "spec", "replicas").Should().Be("2");
        Text(PodSpec(), "serviceAccountName").Should().Be("imageclone-controller");
    }

    private static YamlMappingNode Single(string kind) => _documents.Single(d => Text(d, "kind") == kind);

    private static YamlMappingNode PodSpec() => (YamlMappingNode)Node(Single("Deployment"), "spec", "template", "spec");

    private static YamlMappingNode Container() =>
        (YamlMappingNode)((YamlSequenceNode)PodSpec()["containers"]).Children.Single();

    private static YamlNode Node(YamlMappingNode node, params string[] path) =>
        path.Aggregate((YamlNode)node, (current, key) => ((YamlMappingNode)current)[key]);

    private static string Text(YamlMappingNode node, params string[] path) => Node(node, path).ToString();

    private static List<YamlMappingNode> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static async Task<string> KustomizeAsync()
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", RepositoryPaths.Of("config")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl could not be started (is it installed?)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        process.ExitCode.Should().Be(0, "kubectl kustomize config failed: {0}", await error);
        return await output;
    }
}
