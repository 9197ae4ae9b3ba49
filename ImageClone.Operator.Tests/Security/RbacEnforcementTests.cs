using System.Net;
using ImageClone.Tests.Faults;
using k8s;
using k8s.Autorest;

namespace ImageClone.Tests.Security;

/// <summary>The operator runs as its service account, bound to the committed ClusterRole, which the real apiserver enforces.</summary>
[TestFixture]
internal sealed class RbacEnforcementTests : ProxiedClusterTest
{
    [Test]
    public async Task Operator_GeneratedRoleEnforced_ConvergesAndItsClientIsRefusedAnythingElse()
    {
        var image = await DeployAsync("governed");
        await using var replica = await StartOperatorAsync();
        await WaitForMirroredAsync(image);
        using var client = Cluster.Kube.CreateOperatorClient(replica.User);

        var listNamespaces = () => client.CoreV1.ListNamespaceAsync();
        var deleteDeployment = () => client.AppsV1.DeleteNamespacedDeploymentAsync("governed", Namespace);
        var readConfigMaps = () => client.CoreV1.ListNamespacedConfigMapAsync(Namespace);

        (await listNamespaces.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await deleteDeployment.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await readConfigMaps.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.NotFound);
        (await Cluster.DeploymentAsync(Namespace, "governed")).Should().NotBeNull();
        Cluster.Kube.Requests.Where(r => r.User == replica.User && r.StatusCode == 403 && r.Verb != "delete" && r.Resource != "namespaces" && r.Resource != "configmaps")
            .Should().BeEmpty("the operator itself needs nothing outside its role");
    }
}
