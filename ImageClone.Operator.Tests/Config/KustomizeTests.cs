using System.Diagnostics;
using ImageClone.Registry;
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
        var env = Env();

        env.Should().ContainKey("REPOSITORY");
        Text(env["CONTROLLER_NAMESPACE"], "valueFrom", "fieldRef", "fieldPath").Should().Be("metadata.namespace");
        Text(env["REGISTRY_USERNAME"], "valueFrom", "secretKeyRef", "name").Should().Be("registry-secret");
        Text(env["REGISTRY_USERNAME"], "valueFrom", "secretKeyRef", "key").Should().Be("registry-username");
        Text(env["REGISTRY_PASSWORD"], "valueFrom", "secretKeyRef", "name").Should().Be("registry-secret");
        Text(env["REGISTRY_PASSWORD"], "valueFrom", "secretKeyRef", "key").Should().Be("registry-password");
        Text(env["PULL_USERNAME"], "valueFrom", "secretKeyRef", "name").Should().Be("registry-pull-secret");
        Text(env["PULL_PASSWORD"], "valueFrom", "secretKeyRef", "key").Should().Be("pull-password");
        Text(env["PULL_PASSWORD"], "valueFrom", "secretKeyRef", "optional").Should().Be("true", "the read-only pull credential is optional");
        Text(env["REGISTRY_USERNAME"], "valueFrom", "secretKeyRef", "optional").Should().Be("true", "anonymous targets work without registry-secret");
        Text(env["REGISTRY_PASSWORD"], "valueFrom", "secretKeyRef", "optional").Should().Be("true", "anonymous targets work without registry-secret");
    }

    [Test]
    public void Manager_ShipsAPlaceholderRepositoryTheOperatorRefuses()
    {
        var repository = Text(Env()["REPOSITORY"], "value");

        var parse = () => MirrorRepository.Parse(repository);

        parse.Should().Throw<ArgumentException>().WithMessage("*placeholder*set REPOSITORY*");
    }

    [Test]
    public void Build_EveryObjectCarriesTheCommonLabelAndSelectorsStayAsWritten()
    {
        _documents.Should().OnlyContain(d => Text(d, "metadata", "labels", "app.kubernetes.io/name") == "imageclone");
        ((YamlMappingNode)Node(Single("Deployment"), "spec", "selector", "matchLabels")).Children.Select(c => c.Key.ToString())
            .Should().BeEquivalentTo("app.kubernetes.io/name", "app.kubernetes.io/component");
    }

    [Test]
    public async Task MakeManifests_ImageAndRepository_SetsBothAndKeepsTheRest()
    {
        var rendered = Parse(await RunAsync("make", "-s", "-C", RepositoryPaths.Of("."), "manifests", "IMG=registry.example.com:5000/imageclone:0.2.0", "REPOSITORY=quay.io/myorg"));

        var deployment = rendered.Single(d => Text(d, "kind") == "Deployment");
        var container = (YamlMappingNode)((YamlSequenceNode)Node(deployment, "spec", "template", "spec", "containers")).Children.Single();
        Text(container, "image").Should().Be("registry.example.com:5000/imageclone:0.2.0");
        var env = ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>().ToDictionary(n => Text(n, "name"));
        Text(env["REPOSITORY"], "value").Should().Be("quay.io/myorg");
        env.Keys.Should().BeEquivalentTo(Env().Keys, "the patch sets REPOSITORY and leaves every other variable");
        rendered.Select(d => Text(d, "kind")).Should().BeEquivalentTo(_documents.Select(d => Text(d, "kind")));
    }

    [Test]
    public async Task MakeDeploy_WithoutRepository_RefusesBeforeApplyingAnything()
    {
        var (exit, _, error) = await RunRawAsync("make", "-s", "-C", RepositoryPaths.Of("."), "deploy", "IMG=registry.example.com/imageclone:0.2.0");

        exit.Should().NotBe(0);
        error.Should().Contain("set REPOSITORY");
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

    private static Dictionary<string, YamlMappingNode> Env() =>
        ((YamlSequenceNode)Container()["env"]).Children.Cast<YamlMappingNode>().ToDictionary(n => Text(n, "name"));

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

    private static Task<string> KustomizeAsync() => RunAsync("kubectl", "kustomize", RepositoryPaths.Of("config"));

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var (exit, output, error) = await RunRawAsync(program, args);
        exit.Should().Be(0, "{0} {1} failed: {2}", program, string.Join(' ', args), error);
        return output;
    }

    private static async Task<(int Exit, string Output, string Error)> RunRawAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started (is it installed?)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output, await error);
    }
}
