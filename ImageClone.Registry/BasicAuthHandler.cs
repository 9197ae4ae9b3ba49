using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ImageClone.Registry;

/// <summary>
/// Answers <c>Basic</c> challenges with the request's credential, and sends it up front to hosts
/// that have challenged before. Only to the host the credential belongs to.
/// </summary>
internal sealed class BasicAuthHandler : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, bool> _basicHosts = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var credential = RegistryRequestContext.CredentialFor(request);
        var authority = request.RequestUri!.Authority;
        if (credential is not null && _basicHosts.ContainsKey(authority))
        {
            request.Headers.Authorization = Header(credential);
            return await base.SendAsync(request, cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || AuthChallenge.Find(response, "Basic") is null)
        {
            return response;
        }

        _basicHosts[authority] = true;
        if (credential is null || !ReplayableRequest.Is(request))
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = Header(credential);
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>The one place a <c>Basic</c> header is built: registry requests and token requests alike.</summary>
    public static AuthenticationHeaderValue Header(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));
}
