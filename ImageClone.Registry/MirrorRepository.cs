
namespace ImageClone.Registry;

/// <summary>
/// The configured <c>REPOSITORY</c>: a registry host and a path under it
/// (<c>docker.io/backupregistry</c>, <c>registry.example.com:5000/mirror</c>). Without a host,
/// the path is on Docker Hub.
/// </summary>
public sealed record MirrorRepository(string Registry, string Path)
{
    public override string ToString() => $"{Registry}/{Path}";

    /// <summary>The registry the install manifests name until the user sets theirs: <c>.invalid</c> never resolves (RFC 2606).</summary>
    public const string PlaceholderRegistry = "set-repository.invalid";

    /// <param name="source">What the value was given as, for the message: <c>REPOSITORY</c> or <c>--repository</c>.</param>
    public static MirrorRepository Parse(string? value, string source = "REPOSITORY")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{source} is not set (expected e.g. docker.io/backupregistry)");
        }

        if (value.StartsWith(PlaceholderRegistry + "/", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"{source} \"{value}\" is the install manifests' placeholder: set REPOSITORY in config/manager/manager.yaml to the repository copies go to (e.g. quay.io/myorg)");
        }

        if (value.Contains('@', StringComparison.Ordinal) || value.LastIndexOf(':') > value.LastIndexOf('/'))
        {
            throw new ArgumentException($"{source} \"{value}\" must name a repository without a tag or digest (e.g. docker.io/backupregistry)");
        }

        var (registry, path) = HasExplicitHost(value)
            ? (value[..value.IndexOf('/', StringComparison.Ordinal)], value[(value.IndexOf('/', StringComparison.Ordinal) + 1)..])
            : (ImageReference.DockerHub, value);

        // Validated as an image name; the path is kept as written (no "library/" for a bare Docker Hub name).
        try
        {
            ImageReference.Parse($"{registry}/{path}");
        }
        catch (InvalidImageReferenceException e)
        {
            throw new ArgumentException($"{source} \"{value}\" is not a valid repository: {e.Reason} (expected e.g. docker.io/backupregistry)", e);
        }

        return new MirrorRepository(DockerHubAliases.Canonical(registry.ToLowerInvariant()), path);
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
