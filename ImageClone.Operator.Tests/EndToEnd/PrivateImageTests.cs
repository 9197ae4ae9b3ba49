using ImageClone.Tests.Support.FakeKube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>Private source images, pulled with the workload's imagePullSecrets.</summary>
[TestFixture]
internal sealed class PrivateImageTests : ClusterTest
{
    [Test]
    public async Task Operator_PrivateImageWithPullSecret_CopiesAndRewritesIt()
    {
        var image = await Registries.PushPrivateAsync("billing");
        Cluster.Server.Create(PullSecrets.DockerConfigJson("bank", "regcred", Registries.PrivateSource.Host, EndToEndRegistries.PrivateUser, Registries.PrivatePassword));
        Cluster.Server.Create(SampleWorkloads.Deployment("bank", "billing", ("billing", image.Reference)).WithPullSecret("regcred"));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync("bank", "billing", Registries.MirrorOf(image));
        (await Registries.TargetDigestOfTagAsync(Registries.MirrorOf(image))).Should().Be(image.Digest);
    }

    [Test]
    public async Task Operator_PrivateImageWithoutPullSecret_LeavesTheWorkloadWithAWarning()
    {
        var image = await Registries.PushPrivateAsync("no-secret");
        Cluster.Server.Rollouts.ImageIdResolver = _ => null;
        Cluster.Server.Create(SampleWorkloads.Deployment("bank", "no-secret", ("app", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForEventAsync("bank", "no-secret", "CopyFailed");
        Cluster.DeploymentImages("bank", "no-secret").Should().Equal(image.Reference);
        Cluster.Events("bank", "no-secret", "CopyFailed").Single().Message.Should().Contain(image.Reference);
    }

    [Test]
    public async Task Operator_PrivateImageMirroredForAnotherWorkload_IsNotRewrittenForAWorkloadWithoutCredentials()
    {
        var image = await Registries.PushPrivateAsync("shared-private");
        Cluster.Server.Rollouts.ImageIdResolver = _ => null;
        Cluster.Server.Create(PullSecrets.DockerConfigJson("bank", "regcred", Registries.PrivateSource.Host, EndToEndRegistries.PrivateUser, Registries.PrivatePassword));
        Cluster.Server.Create(SampleWorkloads.Deployment("bank", "entitled", ("app", image.Reference)).WithPullSecret("regcred"));
        await using var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.WaitForDeploymentImagesAsync("bank", "entitled", Registries.MirrorOf(image));

        Cluster.Server.Create(SampleWorkloads.Deployment("other", "freeloader", ("app", image.Reference)));

        await Cluster.WaitForEventAsync("other", "freeloader", "CopyFailed");
        Cluster.DeploymentImages("other", "freeloader").Should().Equal(image.Reference);
        Cluster.WritesTo("deployments", "other", "freeloader").Should().BeEmpty();
    }

    [Test]
    public async Task Operator_PrivateImageNamedByDigestWithoutCredentials_IsNotRewrittenEvenWhenTheMirrorHasIt()
    {
        var image = await Registries.PushPrivateAsync("digest-private");
        Cluster.Server.Rollouts.ImageIdResolver = _ => null;
        Cluster.Server.Create(PullSecrets.DockerConfigJson("bank", "regcred", Registries.PrivateSource.Host, EndToEndRegistries.PrivateUser, Registries.PrivatePassword));
        Cluster.Server.Create(SampleWorkloads.Deployment("bank", "entitled", ("app", image.DigestReference)).WithPullSecret("regcred"));
        await using var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.WaitForAcceptedWriteAsync("deployments", "bank", "entitled");

        Cluster.Server.Create(SampleWorkloads.Deployment("other", "knows-the-digest", ("app", image.DigestReference)));

        await Cluster.WaitForEventAsync("other", "knows-the-digest", "CopyFailed");
        Cluster.DeploymentImages("other", "knows-the-digest").Should().Equal(image.DigestReference);
        Cluster.WritesTo("deployments", "other", "knows-the-digest").Should().BeEmpty();
    }
}
