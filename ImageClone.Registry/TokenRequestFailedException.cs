using System.Net;

namespace ImageClone.Registry;

/// <summary>The token endpoint refused or failed; turned into a response the registry check names.</summary>
internal sealed class TokenRequestFailedException(HttpStatusCode status, string realmHost)
    : Exception($"token request to {realmHost} answered HTTP {(int)status}")
{
    public HttpStatusCode Status { get; } = status;
}
