using System.Net;

namespace ImageClone.Registry;

/// <summary>
/// A failed registry operation. The message names the image, the registry and the HTTP status;
/// it never carries a credential.
/// </summary>
public sealed class RegistryException : Exception
{
    public RegistryException(string image, string registry, RegistryErrorReason reason, HttpStatusCode? status, string detail, Exception? inner = null)
        : base(Describe(image, registry, status, detail), inner)
    {
        Image = image;
        Registry = registry;
        Reason = reason;
        StatusCode = status;
    }

    public string Image { get; }

    public string Registry { get; }

    public RegistryErrorReason Reason { get; }

    public HttpStatusCode? StatusCode { get; }

    public bool IsTransient => Reason is RegistryErrorReason.RateLimited or RegistryErrorReason.Unavailable
        or RegistryErrorReason.Network or RegistryErrorReason.Timeout;

    private static string Describe(string image, string registry, HttpStatusCode? status, string detail) =>
        status is { } code
            ? $"{image}: registry {registry} answered HTTP {(int)code} {code}: {detail}"
            : $"{image}: registry {registry}: {detail}";
}
