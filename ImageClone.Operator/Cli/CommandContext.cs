namespace ImageClone.Cli;

/// <summary>What a command reads and writes besides its arguments: the environment, stdout and stderr (tests pass their own).</summary>
internal sealed record CommandContext(Func<string, string?> Environment, TextWriter Out, TextWriter Error)
{
    public static CommandContext Process { get; } = new(System.Environment.GetEnvironmentVariable, Console.Out, Console.Error);
}
