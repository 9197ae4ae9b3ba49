namespace ImageClone.Registry;

/// <summary>How the copier reaches registries. Defaults suit production; tests shorten the delays.</summary>
/// <param name="TargetCredential">REGISTRY_USERNAME/REGISTRY_PASSWORD, sent only to <paramref name="TargetRegistry"/> (or to the target of each copy when that is null).</param>
/// <param name="TargetRegistry">The registry host of REPOSITORY.</param>
/// <param name="InsecureRegistries">Hosts (host[:port]) reached over plain HTTP; every other registry over verified TLS.</param>
public sealed record RegistryOptions(
    RegistryCredential? TargetCredential = null,
    string? TargetRegistry = null,
    IReadOnlyCollection<string>? InsecureRegistries = null)
{
    /// <summary>Blobs of one image streamed at once.</summary>
    public int BlobConcurrency { get; init; } = 4;

    /// <summary>Times a blob copy is started from a fresh source stream before giving up.</summary>
    public int BlobCopyAttempts { get; init; } = 4;

    /// <summary>Retries of one replayable request (HEAD/GET, token, manifest PUT) on a transient failure.</summary>
    public int RequestRetries { get; init; } = 6;

    /// <summary>Retries of a refused connection, or over HTTPS of an answer that ended before it began: a registry restarting is back in seconds, a wrong port never.</summary>
    public int ConnectionRetries { get; init; } = 2;

    /// <summary>Retries of an attempt that got no answer within <see cref="RequestTimeout"/>.</summary>
    public int TimeoutRetries { get; init; } = 2;

    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest Retry-After (429) honoured; a longer one is waited only this long.</summary>
    public TimeSpan RetryAfterMax { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>No retry starts after this much time: since a request's first failure, or since a blob copy began.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>One attempt of a request, until its response headers: the longest a registry may stay silent.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Told of every retry before its delay (the CLI prints it on stderr, the operator logs it).</summary>
    public Action<RetryNotice>? RetryObserver { get; init; }

    /// <summary>A blob stream that delivers nothing for this long is abandoned (and restarted).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public int BufferSize { get; init; } = 1024 * 1024;

    public static RegistryOptions FromEnvironment(Func<string, string?> environment, string? targetRegistry)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new RegistryOptions(
            CredentialPair(environment, "REGISTRY_USERNAME", "REGISTRY_PASSWORD"),
            targetRegistry,
            InsecureRegistryList.Parse(environment(InsecureRegistryList.Variable)));
    }

    /// <summary>Both variables or neither: a username without a password would be sent as an empty one and refused with a 401 much later.</summary>
    /// <exception cref="ArgumentException">Only one of them is set.</exception>
    public static RegistryCredential? CredentialPair(Func<string, string?> environment, string userVariable, string passwordVariable)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var user = environment(userVariable);
        var password = environment(passwordVariable);
        return (string.IsNullOrWhiteSpace(user), string.IsNullOrEmpty(password)) switch
        {
            (true, true) => null,
            (false, false) => new RegistryCredential(user!.Trim(), password!),
            (false, true) => throw new ArgumentException($"{userVariable} is set but {passwordVariable} is not: set both, or neither for anonymous access"),
            (true, false) => throw new ArgumentException($"{passwordVariable} is set but {userVariable} is not: set both, or neither for anonymous access"),
        };
    }

    /// <summary>Throws naming the first setting that cannot work (for the factory used without a host).</summary>
    public void Validate()
    {
        if (Errors().FirstOrDefault() is { } error)
        {
            throw new ArgumentException(error);
        }
    }

    /// <summary>Every setting that cannot work, each named (<see cref="RegistryOptionsValidator"/> reports them at start).</summary>
    internal IEnumerable<string> Errors()
    {
        foreach (var (holds, name) in new[]
        {
            (BlobConcurrency > 0, nameof(BlobConcurrency)),
            (BlobCopyAttempts > 0, nameof(BlobCopyAttempts)),
            (RequestRetries >= 0, nameof(RequestRetries)),
            (ConnectionRetries >= 0 && ConnectionRetries <= RequestRetries, nameof(ConnectionRetries)),
            (TimeoutRetries >= 0 && TimeoutRetries <= RequestRetries, nameof(TimeoutRetries)),
            (BufferSize >= 4096, nameof(BufferSize)),
            (GiveUpAfter > TimeSpan.Zero && RequestTimeout > TimeSpan.Zero && StallTimeout > TimeSpan.Zero, "timeouts"),
        })
        {
            if (!holds)
            {
                yield return $"RegistryOptions.{name} is out of range";
            }
        }
    }

    internal bool IsInsecure(string registry) =>
        InsecureRegistries?.Any(host => string.Equals(host, registry, StringComparison.OrdinalIgnoreCase)) == true;

    /// <summary>The target credential for <paramref name="registry"/>, or null when it belongs to another host.</summary>
    internal RegistryCredential? TargetCredentialFor(string registry) =>
        TargetRegistry is null || string.Equals(TargetRegistry, registry, StringComparison.OrdinalIgnoreCase) ? TargetCredential : null;
}
