using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ImageClone.Tests.Support;

/// <summary>
/// Finds the Authorization header for pushing to one repository: probes GET /v2/ and answers its challenge —
/// none, Basic (the given user), or Bearer (a pull,push token from the realm). Deliberately small: one token per push.
/// </summary>
internal static partial class PushAuthorization
{
    public static async Task<AuthenticationHeaderValue?> ForRepositoryAsync(
        HttpClient http, Uri baseUri, string repository, string? username, string? password, CancellationToken ct)
    {
        using var probe = await http.GetAsync(new Uri(baseUri, "v2/"), ct);
        if (probe.StatusCode != HttpStatusCode.Unauthorized)
        {
            return null;
        }
        var challenge = probe.Headers.WwwAuthenticate.FirstOrDefault()
            ?? throw new HttpRequestException($"{baseUri} answered 401 without a challenge.");
        var basic = username is null ? null : new AuthenticationHeaderValue("Basic", BasicCredentials(username, password ?? ""));
        return challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            ? await BearerAsync(http, challenge.Parameter ?? "", repository, basic, ct)
            : basic;
    }

    private static async Task<AuthenticationHeaderValue> BearerAsync(
        HttpClient http, string challenge, string repository, AuthenticationHeaderValue? basic, CancellationToken ct)
    {
        var parameters = ChallengeParameter().Matches(challenge).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var query = $"service={Uri.EscapeDataString(parameters["service"])}&scope={Uri.EscapeDataString($"repository:{repository}:pull,push")}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{parameters["realm"]}?{query}"));
        request.Headers.Authorization = basic;
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        return new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("token").GetString());
    }

    private static string BasicCredentials(string username, string password) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));

    [GeneratedRegex("""(\w+)="([^"]*)"?""")]
    private static partial Regex ChallengeParameter();
}
