using ImageClone.Tests.Faults;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.BadInput;

/// <summary>An image named only by digest (<c>repo@sha256:…</c>) is mirrored to <c>target@sha256:…</c>, without inventing a tag.</summary>
[TestFixture]
internal sealed class DigestOnlyReferenceTests : ProxiedClusterTest
{
    [Test]
    public async Task Operator_DigestOnlyReference_RewritesToTheTargetByDigestWithoutATag()
    {
        var image = await Proxies.PushAsync("pinned");
        var byDigest = $"{image.Reference[..image.Reference.LastIndexOf(':')]}@{image.Digest}";
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Namespace, "pinned", ("app", byDigest)));

        await using var replica = await StartOperatorAsync();

        await Cluster.WaitForDeploymentImagesAsync(Namespace, "pinned", Proxies.MirrorOf(byDigest, image.Digest));
        await Cluster.WaitForAcceptedWriteAsync("deployments", Namespace, "pinned");
        await Verifier.AssertIntactAsync(image);
        AcceptedWrites("deployments", "pinned").Should().Be(1);
    }
}
