using System.Text;
using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

public class ManifestTests
{
    private static readonly string A = "sha256:" + new string('a', 64);
    private static readonly string B = "sha256:" + new string('b', 64);

    [Test]
    public void TryParse_DockerManifest_BlobsAreConfigThenLayers()
    {
        var json = $$"""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"c","digest":"{{A}}","size":5},"layers":[{"mediaType":"l","digest":"{{B}}","size":7}]}""";

        var manifest = Manifest.TryParse(Encoding.UTF8.GetBytes(json), "application/json", out _);

        manifest!.Blobs.Should().Equal(new Descriptor("c", A, 5), new Descriptor("l", B, 7));
        manifest.Children.Should().BeEmpty();
        manifest.Digest.Should().Be(Digests.Sha256(Encoding.UTF8.GetBytes(json)));
    }

    [Test]
    public void TryParse_OciIndexWithoutMediaTypeField_UsesContentType()
    {
        var json = $$"""{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{A}}","size":5}]}""";

        var manifest = Manifest.TryParse(Encoding.UTF8.GetBytes(json), "application/vnd.oci.image.index.v1+json", out _);

        manifest!.IsIndex.Should().BeTrue();
        manifest.Children.Should().ContainSingle().Which.Digest.Should().Be(A);
    }

    [Test]
    public void TryParse_UnknownType_NullWithTheType()
    {
        Manifest.TryParse("""{"mediaType":"application/vnd.example+json"}"""u8.ToArray(), null, out var type).Should().BeNull();
        type.Should().Be("application/vnd.example+json");
    }

    [Test]
    public async Task GetManifestAsync_NotJson_ProtocolError()
    {
        var stub = new StubHandler(_ => new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("<html>proxy login</html>") });

        var get = () => StubPipeline.Client(stub).GetManifestAsync(StubPipeline.Repository(), "v1", CancellationToken.None);

        (await get.Should().ThrowAsync<RegistryException>()).Which.Reason.Should().Be(RegistryErrorReason.Protocol);
    }
}
