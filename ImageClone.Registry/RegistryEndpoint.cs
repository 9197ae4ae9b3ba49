namespace ImageClone.Registry;

/// <summary>Where a registry's API lives: Docker Hub's is <c>registry-1.docker.io</c>; HTTP only when listed insecure.</summary>
internal static class RegistryEndpoint
{
    public const string DockerHubApiHost = "registry-1.docker.io";

    public static Uri BaseUri(string registry, RegistryOptions options)
    {
        var host = registry == ImageReference.DockerHub ? DockerHubApiHost : registry;
        var scheme = options.IsInsecure(registry) ? Uri.UriSchemeHttp : Uri.UriSchemeHttps;
        return new Uri($"{scheme}://{host}/");
    }
}
