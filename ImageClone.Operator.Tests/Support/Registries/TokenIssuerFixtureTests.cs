using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ImageClone.Tests.Support;

public class TokenIssuerFixtureTests
{
    private static readonly Dictionary<string, string> Users = new() { ["bob"] = "hunter2" };

    [Test]
    public async Task StartTokenAuthAsync_WithoutToken_AnswersBearerChallengeNamingTheIssuer()
    {
        await using var issuer = await TokenIssuer.StartAsync(Users);
        await using var registry = await RegistryProcess.StartTokenAuthAsync(issuer);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(registry.BaseUri, "v2/"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var challenge = response.Headers.WwwAuthenticate.Single();
        challenge.Scheme.Should().Be("Bearer");
        challenge.Parameter.Should().Contain($"realm=\"{issuer.Realm}\"").And.Contain($"service=\"{issuer.Service}\"");
    }

    [Test]
    public async Task PushAsync_KnownUser_PushesAndIssuesTokens()
    {
        await using var issuer = await TokenIssuer.StartAsync(Users);
        await using var registry = await RegistryProcess.StartTokenAuthAsync(issuer);

        var pushed = await new ImageFactory(registry.Host, "bob", "hunter2").PushAsync("team/app", "v1", ImageSpec.MultiPlatform(ManifestFormat.Oci, 4, 2048));

        issuer.TokensIssued.Should().BePositive();
        issuer.ScopesRequested.Should().Contain("repository:team/app:pull,push");
        (await Skopeo.InspectRawDigestAsync(pushed.Reference, "bob", "hunter2")).Should().Be(pushed.Digest);
    }

    [Test]
    public async Task PushAsync_Anonymous_IsRefused()
    {
        await using var issuer = await TokenIssuer.StartAsync(Users);
        await using var registry = await RegistryProcess.StartTokenAuthAsync(issuer);

        var push = () => new ImageFactory(registry.Host).PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 5, 1024));

        (await push.Should().ThrowAsync<HttpRequestException>()).Which.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task InspectRawDigestAsync_AnonymousPullAllowed_ReadsPushedImage()
    {
        await using var issuer = await TokenIssuer.StartAsync(Users, allowAnonymousPull: true);
        await using var registry = await RegistryProcess.StartTokenAuthAsync(issuer);
        var pushed = await new ImageFactory(registry.Host, "bob", "hunter2").PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Docker, 6, 1024));

        (await Skopeo.InspectRawDigestAsync(pushed.Reference)).Should().Be(pushed.Digest);
    }

    [Test]
    public async Task Token_WrongPassword_Answers401()
    {
        await using var issuer = await TokenIssuer.StartAsync(Users);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{issuer.Realm}?service={issuer.Service}&scope=repository:team/app:pull"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("bob:wrong"u8.ToArray()));

        using var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        issuer.TokensIssued.Should().Be(0);
    }

    [Test]
    public async Task ExistsAsync_AnonymousPullDenied_Throws()
    {
        await using var issuer = await TokenIssuer.StartAsync(Users, allowAnonymousPull: false);
        await using var registry = await RegistryProcess.StartTokenAuthAsync(issuer);
        var pushed = await new ImageFactory(registry.Host, "bob", "hunter2").PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 8, 1024));

        var anonymous = () => Skopeo.ExistsAsync(pushed.Reference);

        await anonymous.Should().ThrowAsync<InvalidOperationException>();
        (await Skopeo.ExistsAsync(pushed.Reference, "bob", "hunter2")).Should().BeTrue();
    }

    [Test]
    public async Task Token_KnownUser_HasClaimsDistributionAccepts()
    {
        await using var issuer = await TokenIssuer.StartAsync(Users);

        var jwt = await RequestTokenAsync(issuer, "repository:team/app:pull,push", "bob:hunter2");

        jwt.GetHeaderValue<string[]>("x5c").Should().ContainSingle();
        jwt.Alg.Should().Be("RS256");
        var payload = JsonDocument.Parse(Base64UrlDecode(jwt.EncodedPayload)).RootElement;
        payload.GetProperty("aud").ValueKind.Should().Be(JsonValueKind.String);
        payload.GetProperty("aud").GetString().Should().Be(issuer.Service);
        payload.GetProperty("iss").GetString().Should().Be(issuer.Issuer);
        payload.GetProperty("sub").GetString().Should().Be("bob");
        payload.GetProperty("exp").TryGetInt64(out _).Should().BeTrue();
        payload.GetProperty("access").GetRawText().Should().Be("""[{"type":"repository","name":"team/app","actions":["pull","push"]}]""");
    }

    [Test]
    public async Task Token_AnonymousAskingPush_GrantsPullOnly()
    {
        await using var issuer = await TokenIssuer.StartAsync(Users, allowAnonymousPull: true);

        var jwt = await RequestTokenAsync(issuer, "repository:team/app:pull,push", basicCredentials: null);

        var payload = JsonDocument.Parse(Base64UrlDecode(jwt.EncodedPayload)).RootElement;
        payload.GetProperty("access")[0].GetProperty("actions").EnumerateArray().Select(a => a.GetString()).Should().Equal("pull");
        issuer.TokensIssued.Should().Be(1);
    }

    private static async Task<JsonWebToken> RequestTokenAsync(TokenIssuer issuer, string scope, string? basicCredentials)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{issuer.Realm}?service={issuer.Service}&scope={Uri.EscapeDataString(scope)}"));
        if (basicCredentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(basicCredentials)));
        }
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("access_token").GetString().Should().Be(body.GetProperty("token").GetString());
        return new JsonWebToken(body.GetProperty("token").GetString());
    }

    private static byte[] Base64UrlDecode(string text) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(text);
}
