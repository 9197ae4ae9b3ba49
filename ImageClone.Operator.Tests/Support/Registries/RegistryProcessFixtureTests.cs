using System.Net;

namespace ImageClone.Tests.Support;

public class RegistryProcessFixtureTests
{
    [Test]
    public async Task StartAnonymousAsync_Started_AnswersV2WithOk()
    {
        await using var registry = await RegistryProcess.StartAnonymousAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(registry.BaseUri, "v2/"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        registry.Host.Should().StartWith("127.0.0.1:");
    }

    [Test]
    public async Task StartBasicAuthAsync_WithoutCredentials_AnswersBasicChallenge()
    {
        await using var registry = await RegistryProcess.StartBasicAuthAsync("alice", "s3cret");
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(registry.BaseUri, "v2/"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.Single().Scheme.Should().Be("Basic");
    }

    [Test]
    public async Task StartBasicAuthAsync_WithCredentials_AnswersOk()
    {
        await using var registry = await RegistryProcess.StartBasicAuthAsync("alice", "s3cret");
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String("alice:s3cret"u8.ToArray()));

        using var response = await http.GetAsync(new Uri(registry.BaseUri, "v2/"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task StopAsync_ThenStartAgainAsync_KeepsPortAndContent()
    {
        await using var registry = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(registry.Host).PushAsync("keep/me", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 7, 1024));
        var host = registry.Host;

        await registry.StopAsync();
        var whileStopped = async () => await new HttpClient().GetAsync(new Uri(registry.BaseUri, "v2/"));
        await whileStopped.Should().ThrowAsync<HttpRequestException>();
        await registry.StartAgainAsync();

        registry.Host.Should().Be(host);
        (await Skopeo.InspectRawDigestAsync(pushed.Reference)).Should().Be(pushed.Digest);
    }

    [Test]
    public async Task DisposeAsync_Started_StopsAnswering()
    {
        var registry = await RegistryProcess.StartAnonymousAsync();
        var v2 = new Uri(registry.BaseUri, "v2/");

        await registry.DisposeAsync();

        using var http = new HttpClient();
        var afterDispose = async () => await http.GetAsync(v2);
        await afterDispose.Should().ThrowAsync<HttpRequestException>();
    }

    [Test]
    public async Task StartAsync_BinaryMissing_ThrowsNamingIt()
    {
        var start = () => RegistryProcess.StartAsync("/nonexistent/docker-registry", _ => "");

        (await start.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*/nonexistent/docker-registry is missing*");
    }

    [Test]
    public async Task StartAsync_BinaryExitsAtOnce_ThrowsAfterRetries()
    {
        var start = () => RegistryProcess.StartAsync("/bin/false", _ => "");

        (await start.Should().ThrowAsync<InvalidOperationException>()).WithMessage("/bin/false did not start after 3 attempts*");
    }
}
