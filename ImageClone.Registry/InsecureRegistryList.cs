namespace ImageClone.Registry;

/// <summary>
/// <c>INSECURE_REGISTRIES</c>: comma-separated <c>host[:port]</c> reached over plain HTTP. An <c>http://</c> prefix is
/// accepted (it says the same); anything else that is not a registry host is refused, never silently ignored.
/// </summary>
internal static class InsecureRegistryList
{
    public const string Variable = "INSECURE_REGISTRIES";

    /// <exception cref="ArgumentException">An entry is not a registry host; the message names it.</exception>
    public static IReadOnlyList<string> Parse(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Host).ToList();

    private static string Host(string entry)
    {
        var host = entry.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? entry["http://".Length..].TrimEnd('/') : entry;
        if (host.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"{Variable} entry \"{entry}\" has a scheme other than http://: list plain-HTTP registries as host[:port] (HTTPS is the default for every other registry)");
        }

        if (host.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{Variable} entry \"{entry}\" has a path: list registries as host[:port], e.g. registry.local:5000");
        }

        if (!ImageReference.TryParse($"{host}/probe", out var parsed) || !string.Equals(parsed.Registry, host, StringComparison.OrdinalIgnoreCase))
        {
            var reason = ImageReferenceProblem(host);
            throw new ArgumentException($"{Variable} entry \"{entry}\" is not a registry host[:port]{reason}");
        }

        return host.ToLowerInvariant();
    }

    private static string ImageReferenceProblem(string host)
    {
        try
        {
            ImageReference.Parse($"{host}/probe");
            return " (a host needs a '.' or a port, or is localhost)";
        }
        catch (InvalidImageReferenceException e)
        {
            return $": {e.Reason}";
        }
    }
}
