namespace ImageClone.Registry;

/// <summary>Docker Hub's other host names (its API host, its v1 index, its old web host): wherever a registry is named, they read as <c>docker.io</c>.</summary>
internal static class DockerHubAliases
{
    public static string Canonical(string registry) =>
        registry.ToLowerInvariant() is "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" ? ImageReference.DockerHub : registry;
}
