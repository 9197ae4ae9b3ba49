using System.Net;
using System.Text;
using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

public class ImageCopierUnsupportedManifestTests
{
    private const string Schema1 = """{"schemaVersion":1,"name":"team/app","tag":"v1","architecture":"amd64","fsLayers":[],"history":[],"signatures":[]}""";

    [TestCase("application/vnd.docker.distribution.manifest.v1+prettyjws")]
    [TestCase("application/vnd.docker.distribution.manifest.v1+json")]
    public async Task CopyAsync_Schema1Manifest_UnsupportedAndNothingPushed(string contentType)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Schema1)));
        var stub = new StubHandler(request => request.RequestUri!.AbsolutePath switch
        {
            var path when path.StartsWith("/v2/mirror/", StringComparison.Ordinal) => new HttpResponseMessage(HttpStatusCode.NotFound),
            _ => Schema1Response(request, digest, contentType),
        });
        var copier = ImageCopierFactory.Create(TestOptions.For(StubPipeline.Host), TimeProvider.System, stub);

        var copy = () => copier.CopyAsync(new ImageCopyRequest(ImageReference.Parse("reg.test/team/app:v1"), ImageReference.Parse("reg.test/mirror/app:v1")), CancellationToken.None);

        var error = (await copy.Should().ThrowAsync<RegistryException>()).Which;
        error.Reason.Should().Be(RegistryErrorReason.UnsupportedManifest);
        error.Message.Should().Contain("reg.test/team/app:v1").And.Contain("application/vnd.docker.distribution.manifest.v1");
        stub.Requests.Should().NotContain(r => r.IsWrite);
    }

    private static HttpResponseMessage Schema1Response(HttpRequestMessage request, string digest, string contentType)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = request.Method == HttpMethod.Head ? new ByteArrayContent([]) : new StringContent(Schema1, Encoding.UTF8),
        };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        response.Headers.Add("Docker-Content-Digest", digest);
        return response;
    }
}
