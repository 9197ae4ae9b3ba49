using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <summary>
/// The configured <c>REPOSITORY</c>: a registry host and a path under it
/// (<c>docker.io/backupregistry</c>, <c>registry.example.com:5000/mirror</c>). Without a host,
/// the path is on Docker Hub.
/// </summary>
public sealed record MirrorRepository(string Registry, string Path)
{
    public override string ToString() => $"{Registry}/{Path}";

    public static MirrorRepository Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("REPOSITORY is not set (expected e.g. docker.io/backupregistry)");
        }

        if (value.Contains('@', StringComparison.Ordinal) || value.LastIndexOf(':') > value.LastIndexOf('/'))
        {
            throw new ArgumentException($"REPOSITORY \"{value}\" must name a repository without a tag or digest (e.g. docker.io/backupregistry)");
        }

        var (registry, path) = HasExplicitHost(value)
            ? (value[..value.IndexOf('/', StringComparison.Ordinal)], value[(value.IndexOf('/', StringComparison.Ordinal) + 1)..])
            : (ImageReference.DockerHub, value);

        // Validated as an image name; the path is kept as written (no "library/" for a bare Docker Hub name).
        if (!ImageReference.TryParse($"{registry}/{path}", out _))
        {
            throw new ArgumentException($"REPOSITORY \"{value}\" is not a valid repository (expected e.g. docker.io/backupregistry)");
        }

        registry = registry.ToLowerInvariant();
        return new MirrorRepository(registry is "index.docker.io" or "registry-1.docker.io" ? ImageReference.DockerHub : registry, path);
    }

    private static bool HasExplicitHost(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }

        var first = value[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost";
    }
}
