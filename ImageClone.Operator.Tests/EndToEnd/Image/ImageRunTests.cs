using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd.Image;

/// <summary>
/// The shipped image (the Dockerfile, built by testbed/build-image.sh on stand-ins for the .NET base images), run as
/// the manager manifest runs it, against the test control plane and registries.
/// </summary>
[TestFixture]
[Category("Image")]
internal sealed class ImageRunTests : ClusterTest
{
    [Test]
    public async Task Image_RunAsTheManagerManifestRunsIt_PassesProbesServesMetricsAndRewritesAWorkload()
    {
        await OperatorImage.RequireAsync();
        var image = await Registries.PushPublicAsync("from-image");
        await using var container = await OperatorContainer.StartAsync(OperatorImage.Reference, Cluster.Kube.WriteOperatorKubeconfig("imageclone-image"),
            new Dictionary<string, string>
            {
                ["REPOSITORY"] = Registries.Repository,
                ["INSECURE_REGISTRIES"] = Registries.InsecureRegistries,
                ["REGISTRY_USERNAME"] = EndToEndRegistries.TargetUser,
                ["REGISTRY_PASSWORD"] = Registries.TargetPassword,
                ["CONTROLLER_NAMESPACE"] = Cluster.ControllerNamespace,
                ["LOG_FORMAT"] = "json",
            });

        await WaitForStatusAsync(container, "/healthz");
        await WaitForStatusAsync(container, "/readyz");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "from-image", ("app", image.Reference)));
        await Cluster.WaitForDeploymentImagesAsync(Shop, "from-image", Registries.MirrorOf(image));

        var metrics = await container.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        metrics.Should().Contain("\nimageclone_workloads_rewritten_total{kind=\"Deployment\"} 1\n").And.Contain("\noperator_leader 1\n");
        (await Registries.TargetDigestOfTagAsync(Registries.MirrorOf(image))).Should().Be(image.Digest);

        (await container.ExecAsync("id", "-u")).Output.Trim().Should().Be("1654");
        (await container.ExecAsync("touch", "/app/written")).ExitCode.Should().NotBe(0, "the root file system is read-only");
        (await container.ExecAsync("touch", "/tmp/written")).ExitCode.Should().Be(0, "/tmp is the writable emptyDir");
        var logLines = (await container.LogsAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        logLines.Should().NotBeEmpty().And.OnlyContain(line => line.StartsWith('{'), "LOG_FORMAT=json, as the manifest sets it, makes every line JSON");
        logLines.Should().NotContain(line => line.Contains(Registries.TargetPassword, StringComparison.Ordinal));
    }

    private static async Task WaitForStatusAsync(OperatorContainer container, string path)
    {
        var status = "";
        await Wait.UntilAsync(async () => (status = await StatusAsync(container, path)) == "200",
            () => $"{path} answers 200 (last: {status}; container {container.StatusAsync().Result}):\n{container.LogsAsync().Result}",
            TimeSpan.FromSeconds(60));
    }

    private static async Task<string> StatusAsync(OperatorContainer container, string path)
    {
        try
        {
            using var response = await container.Http.GetAsync(new Uri(path, UriKind.Relative));
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (TaskCanceledException)
        {
            return "no answer within 5 s";
        }
    }
}
