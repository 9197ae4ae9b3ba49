namespace ImageClone.Cli;

/// <summary><c>mirror [--repository R] [--authfile F] IMAGE...</c>, parsed; null with an error when the usage is wrong.</summary>
internal sealed record MirrorArguments(string? Repository, string? AuthFile, IReadOnlyList<string> Images)
{
    public const string Usage = "usage: mirror [--repository REPOSITORY] [--authfile DOCKER_CONFIG_JSON] IMAGE...";

    public static MirrorArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? repository = null;
        string? authFile = null;
        var images = new List<string>();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = SplitOption(args[i]);
            if (name is "--repository" or "--authfile")
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
                if (string.IsNullOrEmpty(value))
                {
                    error = $"{name} needs a value";
                    return null;
                }

                (repository, authFile) = name == "--repository" ? (value, authFile) : (repository, value);
            }
            else if (args[i].StartsWith('-'))
            {
                error = $"unknown option {args[i]}";
                return null;
            }
            else
            {
                images.Add(args[i]);
            }
        }

        error = images.Count == 0 ? "no image given" : null;
        return error is null ? new MirrorArguments(repository, authFile, images) : null;
    }

    private static (string Name, string? Inline) SplitOption(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }
}
