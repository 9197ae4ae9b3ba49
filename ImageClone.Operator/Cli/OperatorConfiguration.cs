using ImageClone.Mirroring;
using ImageClone.Operator;
using ImageClone.Registry;

namespace ImageClone.Cli;

/// <summary>
/// The operator's configuration, read from the environment (see the README's table). An empty
/// <see cref="ControllerNamespace"/> means "the namespace of the Kubernetes configuration".
/// </summary>
internal sealed record OperatorConfiguration(
    MirrorRepository Repository,
    string ControllerNamespace,
    IReadOnlySet<string> ExcludedNamespaces,
    bool DryRun,
    bool JsonLogs,
    string HttpUrls,
    bool LeaderElection,
    int MaxConcurrentReconciles,
    RegistryOptions Registry,
    RegistryCredential? PullCredential,
    TimeSpan RecheckInterval,
    bool NewRepositoriesPrivate)
{
    /// <summary>KUBE_API_QPS and KUBE_API_BURST: the pace of the operator's requests to the API server.</summary>
    public ApiClientSettings ApiClient { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line message naming the variable at fault.</summary>
    public static OperatorConfiguration FromEnvironment(Func<string, string?> environment, bool dryRunFlag = false)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var repository = MirrorRepository.Parse(environment("REPOSITORY"));
        var logFormat = environment("LOG_FORMAT") ?? "text";
        if (logFormat is not ("text" or "json"))
        {
            throw new ArgumentException($"LOG_FORMAT \"{logFormat}\" must be text or json");
        }

        return new OperatorConfiguration(
            repository,
            NonEmpty(environment("CONTROLLER_NAMESPACE")) ?? "",
            EnvironmentValues.Namespaces("EXCLUDED_NAMESPACES", environment("EXCLUDED_NAMESPACES")),
            dryRunFlag || Flag(environment, "DRY_RUN", false),
            logFormat == "json",
            EnvironmentValues.Urls("HTTP_URLS", environment("HTTP_URLS"), "http://0.0.0.0:8080"),
            Flag(environment, "LEADER_ELECTION", true),
            PositiveInt(environment, "MAX_CONCURRENT_RECONCILES", 4),
            RegistryOptions.FromEnvironment(environment, repository.Registry),
            PullCredentialFrom(environment),
            Duration(environment, "RECHECK_INTERVAL", TimeSpan.FromHours(1)),
            Flag(environment, "NEW_REPOSITORIES_PRIVATE", false))
        {
            ApiClient = new ApiClientSettings
            {
                Qps = PositiveNumber(environment, "KUBE_API_QPS", 20),
                Burst = PositiveInt(environment, "KUBE_API_BURST", 30),
            },
        };
    }

    public MirrorOptions MirrorOptions => new(Repository)
    {
        ControllerNamespace = ControllerNamespace,
        ExcludedNamespaces = ExcludedNamespaces,
        DryRun = DryRun,
        PullCredential = PullCredential,
        RecheckInterval = RecheckInterval,
        NewRepositoriesPrivate = NewRepositoriesPrivate,
    };

    /// <summary>A positive duration such as <c>90s</c>, <c>15m</c> or <c>1h</c>.</summary>
    private static TimeSpan Duration(Func<string, string?> environment, string name, TimeSpan fallback)
    {
        var text = NonEmpty(environment(name));
        if (text is null)
        {
            return fallback;
        }

        var unit = text[^1] switch { 's' => TimeSpan.FromSeconds(1), 'm' => TimeSpan.FromMinutes(1), 'h' => TimeSpan.FromHours(1), _ => TimeSpan.Zero };
        return unit > TimeSpan.Zero && double.TryParse(text[..^1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var count) && count > 0
            ? unit * count
            : throw new ArgumentException($"{name} \"{text}\" must be a positive duration such as 90s, 15m or 1h");
    }

    /// <summary>PULL_USERNAME/PULL_PASSWORD (a read-only credential, from the optional secret registry-pull-secret), else the push credential.</summary>
    private static RegistryCredential? PullCredentialFrom(Func<string, string?> environment) =>
        RegistryOptions.CredentialPair(environment, "PULL_USERNAME", "PULL_PASSWORD")
        ?? RegistryOptions.CredentialPair(environment, "REGISTRY_USERNAME", "REGISTRY_PASSWORD");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool Flag(Func<string, string?> environment, string name, bool fallback) =>
        NonEmpty(environment(name))?.ToLowerInvariant() switch
        {
            null => fallback,
            "true" or "1" or "yes" => true,
            "false" or "0" or "no" => false,
            var other => throw new ArgumentException($"{name} \"{other}\" must be true or false"),
        };

    private static double PositiveNumber(Func<string, string?> environment, string name, double fallback)
    {
        var text = NonEmpty(environment(name));
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"{name} \"{text}\" must be a positive number");
    }

    private static int PositiveInt(Func<string, string?> environment, string name, int fallback)
    {
        var text = NonEmpty(environment(name));
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} \"{text}\" must be a positive whole number");
    }
}
