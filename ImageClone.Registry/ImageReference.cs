using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ImageClone.Registry;

/// <summary>
/// A normalised image reference, parsed as Docker does: <c>nginx</c> is
/// <c>docker.io/library/nginx:latest</c>; the first path component is a registry host when it
/// holds a <c>.</c> or <c>:</c> or is <c>localhost</c>.
/// </summary>
public sealed partial record ImageReference
{
    public const string DockerHub = "docker.io";
    private const int MaxNameLength = 255;

    private ImageReference(string registry, string repository, string? tag, string? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host, with its port when it has one (<c>docker.io</c>, <c>localhost:5000</c>).</summary>
    public string Registry { get; }

    /// <summary>The repository path inside the registry (<c>library/nginx</c>).</summary>
    public string Repository { get; }

    public string? Tag { get; }

    /// <summary><c>algorithm:hex</c>, validated.</summary>
    public string? Digest { get; }

    /// <summary>Registry and repository: <c>docker.io/library/nginx</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    public static ImageReference Parse(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Length == 0)
        {
            throw new InvalidImageReferenceException(reference, "it is empty");
        }

        if (reference.Trim() != reference || reference.Any(char.IsWhiteSpace))
        {
            throw new InvalidImageReferenceException(reference, "it contains white space");
        }

        var (remainder, digest) = SplitDigest(reference);
        var (name, tag) = SplitTag(reference, remainder);
        var (registry, repository) = SplitRegistry(reference, name);
        if (tag is null && digest is null)
        {
            tag = "latest";
        }

        return new ImageReference(registry, repository, tag, digest);
    }

    public static bool TryParse(string reference, [NotNullWhen(true)] out ImageReference? result)
    {
        try
        {
            result = Parse(reference);
            return true;
        }
        catch (InvalidImageReferenceException)
        {
            result = null;
            return false;
        }
    }

    /// <summary>A reference to a repository by name, with the given tag and digest (either may be null).</summary>
    public static ImageReference Create(string registry, string repository, string? tag, string? digest)
    {
        var text = $"{registry}/{repository}" + (tag is null ? "" : ":" + tag) + (digest is null ? "" : "@" + digest);
        var parsed = Parse(text);
        return new ImageReference(parsed.Registry, parsed.Repository, tag, parsed.Digest);
    }

    public ImageReference WithDigest(string? digest) => Create(Registry, Repository, Tag, digest);

    /// <summary>The reference that fetches manifests: the digest when there is one, else the tag.</summary>
    public string ManifestReference => Digest ?? Tag ?? "latest";

    public override string ToString() =>
        Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    private static (string Remainder, string? Digest) SplitDigest(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return (reference, null);
        }

        var digest = reference[(at + 1)..];
        ValidateDigest(reference, digest);
        return (reference[..at], digest);
    }

    internal static void ValidateDigest(string reference, string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new InvalidImageReferenceException(reference, $"digest \"{digest}\" has no algorithm (expected sha256:<64 hex>)");
        }

        var (algorithm, hex) = (digest[..colon], digest[(colon + 1)..]);
        var expectedLength = algorithm switch
        {
            "sha256" => 64,
            "sha512" => 128,
            _ => throw new InvalidImageReferenceException(reference, $"digest algorithm \"{algorithm}\" is not supported (expected sha256 or sha512)"),
        };
        if (hex.Length != expectedLength || !LowerHex().IsMatch(hex))
        {
            throw new InvalidImageReferenceException(reference, $"digest \"{digest}\" must be {expectedLength} lowercase hex characters after \"{algorithm}:\"");
        }
    }

    private static (string Name, string? Tag) SplitTag(string reference, string remainder)
    {
        var colon = remainder.LastIndexOf(':');
        if (colon < 0 || colon < remainder.LastIndexOf('/'))
        {
            return (remainder, null);
        }

        var tag = remainder[(colon + 1)..];
        if (!TagPattern().IsMatch(tag))
        {
            throw new InvalidImageReferenceException(reference, $"tag \"{tag}\" is not valid (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')");
        }

        return (remainder[..colon], tag);
    }

    private static (string Registry, string Repository) SplitRegistry(string reference, string name)
    {
        if (name.Length == 0)
        {
            throw new InvalidImageReferenceException(reference, "it has no repository name");
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        string registry;
        string repository;
        var first = slash < 0 ? name : name[..slash];
        if (slash >= 0 && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"))
        {
            registry = first;
            repository = name[(slash + 1)..];
            if (!HostPattern().IsMatch(registry))
            {
                throw new InvalidImageReferenceException(reference, $"registry host \"{registry}\" is not valid");
            }

            ValidatePort(reference, registry);
        }
        else
        {
            registry = DockerHub;
            repository = name;
        }

        registry = DockerHubAliases.Canonical(registry);
        if (registry == DockerHub && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = "library/" + repository;
        }

        ValidateRepository(reference, repository);
        if (registry.Length + 1 + repository.Length > MaxNameLength)
        {
            throw new InvalidImageReferenceException(reference, $"the name is longer than {MaxNameLength} characters");
        }

        return (registry, repository);
    }

    /// <summary>The pattern allows five digits; a URI (and a socket) allows 1 to 65535.</summary>
    private static void ValidatePort(string reference, string registry)
    {
        var colon = registry.LastIndexOf(':');
        if (colon < 0 || registry.EndsWith(']'))
        {
            return;
        }

        var port = int.Parse(registry[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        if (port is < 1 or > 65535)
        {
            throw new InvalidImageReferenceException(reference, $"registry port {port} is out of range (1-65535)");
        }
    }

    private static void ValidateRepository(string reference, string repository)
    {
        foreach (var component in repository.Split('/'))
        {
            if (component.Length == 0)
            {
                throw new InvalidImageReferenceException(reference, "the repository has an empty path component");
            }

            if (component.Any(char.IsUpper))
            {
                throw new InvalidImageReferenceException(reference, $"repository name must be lowercase (\"{component}\")");
            }

            if (!PathComponentPattern().IsMatch(component))
            {
                throw new InvalidImageReferenceException(reference, $"repository path component \"{component}\" is not valid (lowercase letters and digits, separated by '.', '_', '__' or '-')");
            }
        }
    }

    [GeneratedRegex("^[a-f0-9]+$")]
    private static partial Regex LowerHex();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")]
    internal static partial Regex PathComponentPattern();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]{1,5})?$")]
    private static partial Regex HostPattern();
}
