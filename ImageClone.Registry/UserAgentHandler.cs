using System.Net.Http.Headers;

namespace ImageClone.Registry;

/// <summary>Names the client on every registry and token request, as skopeo and crane do: <c>imageclone/VERSION</c>.</summary>
internal sealed class UserAgentHandler : DelegatingHandler
{
    public static readonly ProductInfoHeaderValue Product = new("imageclone", Version());

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.UserAgent.Count == 0)
        {
            request.Headers.UserAgent.Add(Product);
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static string Version() =>
        typeof(UserAgentHandler).Assembly.GetName().Version is { } version ? $"{version.Major}.{version.Minor}.{version.Build}" : "0.0.0";
}
