using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>Private source images, pulled with the workload's imagePullSecrets.</summary>
[TestFixture]
internal sealed class PrivateImageTests : ClusterTest
{
    [Test]
    public async Task Operator_PrivateImageWithPullSecret_CopiesAndRewritesIt()
    {
        var image = await Registries.PushPrivateAsync("billing");
        await Cluster.CreateAsync(PullSecrets.DockerConfigJson(Cluster.Ns("bank"), "regcred", Registries.PrivateSource.Host, EndToEndRegistries.PrivateUser, Registries.PrivatePassword));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Cluster.Ns("bank"), "billing", ("billing", image.Reference)).WithPullSecret("regcred"));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(Cluster.Ns("bank"), "billing", Registries.MirrorOf(image));
        (await Registries.TargetDigestOfTagAsync(Registries.MirrorOf(image))).Should().Be(image.Digest);
    }

    [Test]
    public async Task Operator_PrivateImageAndAMirrorThatMayCreateItsRepositoryPublic_IsNotCopied()
    {
        var image = await Registries.PushPrivateAsync("kept-private");
        var anonymousMirror = $"{Registries.Source.Host}/mirror";
        await Cluster.CreateAsync(PullSecrets.DockerConfigJson(Cluster.Ns("bank"), "regcred", Registries.PrivateSource.Host, EndToEndRegistries.PrivateUser, Registries.PrivatePassword));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Cluster.Ns("bank"), "kept-private", ("app", image.Reference)).WithPullSecret("regcred"));

        await using var replica = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions().WithEnvironment("REPOSITORY", anonymousMirror));

        await Cluster.WaitForEventAsync(Cluster.Ns("bank"), "kept-private", "CopyFailed");
        (await Cluster.EventsAsync(Cluster.Ns("bank"), "kept-private", "CopyFailed"))[0].Message.Should()
            .Contain(image.Reference).And.Contain("does not exist yet").And.Contain("NEW_REPOSITORIES_PRIVATE=true");
        (await Cluster.DeploymentImagesAsync(Cluster.Ns("bank"), "kept-private")).Should().Equal(image.Reference);
        using var http = new HttpClient();
        var catalog = await http.GetStringAsync(new Uri(Registries.Source.BaseUri, "v2/_catalog"));
        catalog.Should().NotContain("mirror/", "nothing was pushed where anyone could pull it");
    }

    [Test]
    public async Task Operator_PrivateImageWithoutPullSecret_LeavesTheWorkloadWithAWarning()
    {
        var image = await Registries.PushPrivateAsync("no-secret");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Cluster.Ns("bank"), "no-secret", ("app", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForEventAsync(Cluster.Ns("bank"), "no-secret", "CopyFailed");
        (await Cluster.DeploymentImagesAsync(Cluster.Ns("bank"), "no-secret")).Should().Equal(image.Reference);
        (await Cluster.EventsAsync(Cluster.Ns("bank"), "no-secret", "CopyFailed")).Single().Message.Should().Contain(image.Reference);
    }

    [Test]
    public async Task Operator_PrivateImageMirroredForAnotherWorkload_IsNotRewrittenForAWorkloadWithoutCredentials()
    {
        var image = await Registries.PushPrivateAsync("shared-private");
        await Cluster.CreateAsync(PullSecrets.DockerConfigJson(Cluster.Ns("bank"), "regcred", Registries.PrivateSource.Host, EndToEndRegistries.PrivateUser, Registries.PrivatePassword));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Cluster.Ns("bank"), "entitled", ("app", image.Reference)).WithPullSecret("regcred"));
        await using var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.WaitForDeploymentImagesAsync(Cluster.Ns("bank"), "entitled", Registries.MirrorOf(image));

        await Cluster.CreateAsync(SampleWorkloads.Deployment(Cluster.Ns("other"), "freeloader", ("app", image.Reference)));

        await Cluster.WaitForEventAsync(Cluster.Ns("other"), "freeloader", "CopyFailed");
        (await Cluster.DeploymentImagesAsync(Cluster.Ns("other"), "freeloader")).Should().Equal(image.Reference);
        Cluster.WritesTo("deployments", Cluster.Ns("other"), "freeloader").Should().BeEmpty();
    }

    [Test]
    public async Task Operator_PrivateImageNamedByDigestWithoutCredentials_IsNotRewrittenEvenWhenTheMirrorHasIt()
    {
        var image = await Registries.PushPrivateAsync("digest-private");
        await Cluster.CreateAsync(PullSecrets.DockerConfigJson(Cluster.Ns("bank"), "regcred", Registries.PrivateSource.Host, EndToEndRegistries.PrivateUser, Registries.PrivatePassword));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Cluster.Ns("bank"), "entitled", ("app", image.DigestReference)).WithPullSecret("regcred"));
        await using var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.WaitForAcceptedWriteAsync("deployments", Cluster.Ns("bank"), "entitled");

        await Cluster.CreateAsync(SampleWorkloads.Deployment(Cluster.Ns("other"), "knows-the-digest", ("app", image.DigestReference)));

        await Cluster.WaitForEventAsync(Cluster.Ns("other"), "knows-the-digest", "CopyFailed");
        (await Cluster.DeploymentImagesAsync(Cluster.Ns("other"), "knows-the-digest")).Should().Equal(image.DigestReference);
        Cluster.WritesTo("deployments", Cluster.Ns("other"), "knows-the-digest").Should().BeEmpty();
    }
}
