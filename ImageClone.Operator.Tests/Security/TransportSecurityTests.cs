using ImageClone.Tests.EndToEnd;
using ImageClone.Tests.Faults;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.Security;

/// <summary>TLS is verified for every registry not listed insecure; credentials never follow a redirect to another host.</summary>
[TestFixture]
internal sealed class TransportSecurityTests : ProxiedClusterTest
{
    [Test]
    public async Task Operator_SourceWithSelfSignedCertificateNotListedInsecure_FailsWithATlsErrorNamingItAndRewritesNothing()
    {
        var pushed = await Registries.PushPublicAsync("self-signed");
        await using var front = await RegistryFront.StartTlsAsync(Registries.Source.BaseUri);
        var image = pushed.Reference.Replace(Registries.Source.Host, front.Host, StringComparison.Ordinal);
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Namespace, "self-signed", ("app", image)));
        var good = await DeployAsync("fine");

        await using var replica = await StartOperatorAsync();

        await WaitForMirroredAsync(good);
        await Cluster.WaitForEventAsync(Namespace, "self-signed", "CopyFailed");
        var warning = (await Cluster.EventsAsync(Namespace, "self-signed", "CopyFailed"))[0];
        warning.Message.Should().Contain(front.Host).And.Contain("SSL").And.Contain("certificate", "the cause, an untrusted certificate, is spelled out");
        (await Cluster.DeploymentImagesAsync(Namespace, "self-signed")).Should().Equal(image);
        Cluster.WritesTo("deployments", Namespace, "self-signed").Should().BeEmpty();
    }

    [Test]
    public async Task Operator_SourceRedirectsBlobReadsToAnotherHost_ConvergesAndSendsThatHostNoAuthorization()
    {
        var pushed = await Registries.PushPrivateAsync("redirected");
        await using var storage = await BlobStorageHost.StartAsync(Registries.PrivateSource.BaseUri, EndToEndRegistries.PrivateUser, Registries.PrivatePassword);
        await using var front = await RegistryFront.StartRedirectingBlobsAsync(Registries.PrivateSource.BaseUri, storage.BaseUri);
        var image = pushed.Reference.Replace(Registries.PrivateSource.Host, front.Host, StringComparison.Ordinal);
        await Cluster.CreateAsync(PullSecrets.DockerConfigJson(Namespace, "front-login", front.Host, EndToEndRegistries.PrivateUser, Registries.PrivatePassword));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Namespace, "redirected", ("app", image)).WithPullSecret("front-login"));

        await using var replica = await StartOperatorAsync(new OperatorHarnessOptions().WithEnvironment("INSECURE_REGISTRIES", front.Host));

        var mirrored = Proxies.MirrorOf(image, pushed.Digest);
        IReadOnlyList<string> images = [];
        await Wait.UntilAsync(async () => (images = await Cluster.DeploymentImagesAsync(Namespace, "redirected")).SequenceEqual([mirrored]),
            () => $"redirected runs {mirrored} (now {string.Join(", ", images)})");
        storage.Authorizations.Should().NotBeEmpty("the blobs were read from the storage host").And.OnlyContain(a => a == null);
    }
}
