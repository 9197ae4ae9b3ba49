using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Tests.Support.FakeKube;

public class FakeKubeRbacTests
{
    private const string ReadOnlyRole = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: reader
        rules:
        - apiGroups: ["apps"]
          resources: ["deployments"]
          verbs: ["get", "list", "watch"]
        - apiGroups: [""]
          resources: ["events"]
          verbs: ["create"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata:
          name: reader
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: reader
        subjects:
        - kind: ServiceAccount
          name: reader
          namespace: ops
        """;

    private FakeKubeApiServer _server = null!;
    private string _roleFile = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = await FakeKubeApiServer.StartAsync(new FakeKubeOptions { SimulateRollouts = false });
        _roleFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_roleFile, ReadOnlyRole);
        _server.AddUser("reader", "reader-token", _roleFile);
        _server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
    }

    [TearDown]
    public async Task StopAsync()
    {
        File.Delete(_roleFile);
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Patch_RoleWithoutPatch_Throws403ForbiddenStatus()
    {
        using var client = _server.CreateClient("reader");

        var act = () => client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), "web", "shop");

        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        error.Response.Content.Should().Contain("\"reason\":\"Forbidden\"").And.Contain("cannot patch resource \\\"deployments\\\"");
        _server.Requests.Should().Contain(r => r.Verb == "patch" && r.User == "reader" && r.StatusCode == 403);
    }

    [Test]
    public async Task ListAndWatch_RoleAllowsThem_Succeed()
    {
        using var client = _server.CreateClient("reader");

        var list = await client.AppsV1.ListDeploymentForAllNamespacesAsync();
        var events = new List<WatchEventType>();
        await foreach (var (type, _) in client.AppsV1.WatchListDeploymentForAllNamespacesAsync(timeoutSeconds: 1, onError: e => throw e))
        {
            events.Add(type);
        }

        list.Items.Should().ContainSingle();
        events.Should().Equal(WatchEventType.Added);
    }

    [Test]
    public async Task ListDaemonSets_RoleWithoutDaemonSets_Throws403()
    {
        using var client = _server.CreateClient("reader");

        var act = () => client.AppsV1.ListDaemonSetForAllNamespacesAsync();

        (await act.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task Request_UnknownToken_Throws401()
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(_server.WriteKubeconfig());
        config.AccessToken = "wrong";
        using var client = new Kubernetes(config);

        var act = () => client.AppsV1.ListDeploymentForAllNamespacesAsync();

        (await act.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
