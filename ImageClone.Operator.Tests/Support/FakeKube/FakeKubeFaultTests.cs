using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Tests.Support.FakeKube;

public class FakeKubeFaultTests : FakeKubeTest
{
    private static readonly V1Patch LabelPatch = new("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch);

    [SetUp]
    public void SeedDeployment() => Server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));

    [Test]
    public async Task FailNext_TwoConflictsOnPatch_FailsTwiceThenSucceeds()
    {
        Server.Faults.FailNext("patch", "deployments", HttpStatusCode.Conflict, count: 2);

        var first = await StatusOfPatchAsync();
        var second = await StatusOfPatchAsync();
        var third = await StatusOfPatchAsync();

        new[] { first, second, third }.Should().Equal(HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.OK);
        Server.Get<V1Deployment>("shop", "web")!.Labels().Should().Contain("a", "b");
    }

    [Test]
    public async Task FailNext_OtherVerb_DoesNotApply()
    {
        Server.Faults.FailNext("update", "deployments", HttpStatusCode.InternalServerError);

        (await StatusOfPatchAsync()).Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task FailAll_ServiceUnavailable_FailsUntilCleared()
    {
        Server.Faults.FailAll("*", "deployments", HttpStatusCode.ServiceUnavailable);

        var during = new[] { await StatusOfPatchAsync(), await StatusOfPatchAsync(), await StatusOfPatchAsync() };
        Server.Faults.Clear();
        var after = await StatusOfPatchAsync();

        during.Should().OnlyContain(s => s == HttpStatusCode.ServiceUnavailable);
        after.Should().Be(HttpStatusCode.OK);
        Server.Requests.Count(r => r.Verb == "patch" && r.StatusCode == 503).Should().Be(3);
    }

    private async Task<HttpStatusCode> StatusOfPatchAsync()
    {
        try
        {
            await Client.AppsV1.PatchNamespacedDeploymentAsync(LabelPatch, "web", "shop");
            return HttpStatusCode.OK;
        }
        catch (HttpOperationException e)
        {
            return e.Response.StatusCode;
        }
    }
}
