namespace ImageClone.Cli;

/// <summary>What a command reads and writes besides its arguments: the environment, stdout and stderr (tests pass their own).</summary>
/// <param name="ErrorIsTerminal">stderr is a terminal a person watches: progress is redrawn in place rather than printed line by line.</param>
internal sealed record CommandContext(Func<string, string?> Environment, TextWriter Out, TextWriter Error, bool ErrorIsTerminal = false)
{
    public static CommandContext Process { get; } = new(
        System.Environment.GetEnvironmentVariable,
        Console.Out,
        Console.Error,
        !Console.IsErrorRedirected && System.Environment.GetEnvironmentVariable("TERM") is not (null or "dumb"));
}
