using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Tests.Support.FakeKube;

public class FakeKubeFaultTests
{
    private static readonly V1Patch LabelPatch = new("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch);

    private FakeKubeApiServer _server = null!;
    private Kubernetes _client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = await FakeKubeApiServer.StartAsync(new FakeKubeOptions { SimulateRollouts = false });
        _client = _server.CreateClient();
        _server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
    }

    [TearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task FailNext_TwoConflictsOnPatch_FailsTwiceThenSucceeds()
    {
        _server.Faults.FailNext("patch", "deployments", HttpStatusCode.Conflict, count: 2);

        var first = await StatusOfPatchAsync();
        var second = await StatusOfPatchAsync();
        var third = await StatusOfPatchAsync();

        new[] { first, second, third }.Should().Equal(HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.OK);
        _server.Get<V1Deployment>("shop", "web")!.Labels().Should().Contain("a", "b");
    }

    [Test]
    public async Task FailNext_OtherVerb_DoesNotApply()
    {
        _server.Faults.FailNext("update", "deployments", HttpStatusCode.InternalServerError);

        (await StatusOfPatchAsync()).Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task FailAll_ServiceUnavailable_FailsUntilCleared()
    {
        _server.Faults.FailAll("*", "deployments", HttpStatusCode.ServiceUnavailable);

        var during = new[] { await StatusOfPatchAsync(), await StatusOfPatchAsync(), await StatusOfPatchAsync() };
        _server.Faults.Clear();
        var after = await StatusOfPatchAsync();

        during.Should().OnlyContain(s => s == HttpStatusCode.ServiceUnavailable);
        after.Should().Be(HttpStatusCode.OK);
        _server.Requests.Count(r => r.Verb == "patch" && r.StatusCode == 503).Should().Be(3);
    }

    private async Task<HttpStatusCode> StatusOfPatchAsync()
    {
        try
        {
            await _client.AppsV1.PatchNamespacedDeploymentAsync(LabelPatch, "web", "shop");
            return HttpStatusCode.OK;
        }
        catch (HttpOperationException e)
        {
            return e.Response.StatusCode;
        }
    }
}
