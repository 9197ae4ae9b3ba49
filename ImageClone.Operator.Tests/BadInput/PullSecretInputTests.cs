using System.Text;
using ImageClone.Tests.EndToEnd;
using ImageClone.Tests.Faults;
using ImageClone.Tests.Support.Kube;
using k8s.Models;

namespace ImageClone.Tests.BadInput;

/// <summary>
/// A pull secret that is missing or malformed is reported (a Warning naming the secret and the workload) and left out:
/// public images still mirror, a private image fails with its own Warning, other workloads converge.
/// </summary>
[TestFixture]
internal sealed class PullSecretInputTests : ProxiedClusterTest
{
    [Test]
    public async Task Operator_MissingPullSecret_WarnsAndStillMirrorsAPublicImage()
    {
        var image = await Proxies.PushAsync("public");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Namespace, "public", ("app", image.Reference)).WithPullSecret("no-such-secret"));

        await using var replica = await StartOperatorAsync();

        await WaitForMirroredAsync(image);
        await AssertWarnedAsync("public", "PullSecretUnusable", "no-such-secret");
    }

    // The apiserver refuses a dockerconfigjson Secret whose content is not JSON (422), so malformed means valid JSON that is no Docker config.
    [TestCase("kubernetes.io/dockerconfigjson", "{\"auths\":{\"x\":{\"auth\":5}}}")]
    [TestCase("Opaque", "{not json")]
    [TestCase("kubernetes.io/dockerconfigjson", "{\"auths\":{\"x\":{\"auth\":\"%%%not-base64\"}}}")]
    [TestCase("Opaque", "{}")]
    public async Task Operator_MalformedPullSecret_WarnsAndLeavesThePrivateWorkloadAlone(string type, string content)
    {
        await Cluster.CreateAsync(new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = "mangled", NamespaceProperty = Namespace },
            Type = type,
            Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes(content) },
        });
        var privateImage = (await Registries.PushPrivateAsync("private")).Reference;
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Namespace, "private", ("app", privateImage)).WithPullSecret("mangled"));
        var good = await DeployAsync("fine");

        await using var replica = await StartOperatorAsync();

        await WaitForMirroredAsync(good);
        await Cluster.WaitForEventAsync(Namespace, "private", "CopyFailed");
        await AssertWarnedAsync("private", "PullSecretUnusable", "mangled");
        await AssertWarnedAsync("private", "CopyFailed", privateImage);
        (await Cluster.DeploymentImagesAsync(Namespace, "private")).Should().Equal(privateImage);
        Cluster.WritesTo("deployments", Namespace, "private").Should().BeEmpty();
    }

    private async Task AssertWarnedAsync(string workload, string reason, string mentioning)
    {
        var events = await Cluster.EventsAsync(Namespace, workload, reason);
        events.Should().NotBeEmpty($"{workload} has a {reason} event");
        events.Should().OnlyContain(e => e.Type == "Warning" && e.InvolvedObject.Name == workload && e.Message.Contains(mentioning));
    }
}
