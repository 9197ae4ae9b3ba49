using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;

namespace ImageClone.Registry;

/// <summary>
/// The token flow: on a <c>Bearer</c> challenge, fetch a token for the request's scopes and send
/// again; later requests to that host carry a cached token up front, so a streamed upload is
/// never the request that meets the challenge.
/// </summary>
internal sealed class BearerTokenHandler(TokenService tokens) : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, AuthChallenge> _challenges = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = RegistryRequestContext.Of(request);
        var authority = request.RequestUri!.Authority;
        if (context is null || !string.Equals(authority, context.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var sentWithToken = false;
        if (_challenges.TryGetValue(authority, out var known))
        {
            var attached = await TryAttachAsync(request, known, context, cancellationToken);
            if (attached is not null)
            {
                return attached;
            }

            sentWithToken = true;
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || AuthChallenge.Find(response, "Bearer") is not { } challenge)
        {
            return response;
        }

        _challenges[authority] = challenge;
        if (!ReplayableRequest.Is(request))
        {
            return response;
        }

        if (sentWithToken)
        {
            tokens.Forget(challenge, ScopesFor(context, challenge), context.Credential);
        }

        response.Dispose();
        return await TryAttachAsync(request, challenge, context, cancellationToken) ?? await base.SendAsync(request, cancellationToken);
    }

    /// <summary>Sets the token header; returns a failure response to pass on when no token could be had.</summary>
    private async Task<HttpResponseMessage?> TryAttachAsync(HttpRequestMessage request, AuthChallenge challenge, RegistryRequestContext context, CancellationToken cancellationToken)
    {
        try
        {
            var token = await tokens.GetAsync(challenge, ScopesFor(context, challenge), context.Credential, cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            return null;
        }
        catch (TokenRequestFailedException e)
        {
            return new HttpResponseMessage(e.Status == HttpStatusCode.OK ? HttpStatusCode.BadGateway : e.Status)
            {
                ReasonPhrase = e.Message,
                RequestMessage = request,
            };
        }
    }

    private static IReadOnlyList<string> ScopesFor(RegistryRequestContext context, AuthChallenge challenge) =>
        context.Scopes.Count > 0 ? context.Scopes : challenge.Scope is { } scope ? [scope] : [];
}
