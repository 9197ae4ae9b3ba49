using System.CommandLine;

namespace ImageClone.Cli;

/// <summary>
/// Parses and runs a command line: a usage error is one line per problem on stderr and a pointer to
/// <c>--help</c>, exit 2 (System.CommandLine's own handling prints the whole help and exits 1). <c>--help</c> and
/// <c>--version</c> still win over errors (<c>mirror --help</c> without an image).
/// </summary>
internal static class CommandLineInvocation
{
    public static async Task<int> InvokeAsync(RootCommand root, IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var result = root.Parse(args);
        if (result.Errors.Count > 0 && result.Action is not { ClearsParseErrors: true })
        {
            var path = CommandPath(result.CommandResult);
            foreach (var error in result.Errors)
            {
                await context.Error.WriteLineAsync($"{path}: {error.Message}");
            }

            await context.Error.WriteLineAsync($"Run '{path} --help' for usage.");
            return ExitCodes.UsageError;
        }

        // No signal handling of its own: the operator's host stops gracefully on SIGTERM (releasing its Lease), which
        // System.CommandLine's 2-second termination timeout would cut short.
        var invocation = new InvocationConfiguration { Output = context.Out, Error = context.Error, ProcessTerminationTimeout = null };
        return await result.InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>An argument that looks like an option is one the command does not know (else <c>mirror --bogus</c> copies an image named "--bogus").</summary>
    public static void RejectOptionLikeValues(Argument<string[]> argument) =>
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(token => token.Value.StartsWith('-')))
            {
                result.AddError($"unknown option '{token.Value}'");
            }
        });

    private static string CommandPath(System.CommandLine.Parsing.CommandResult? command)
    {
        var names = new List<string>();
        for (var current = command; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, current.Command.Name);
        }

        return string.Join(' ', names);
    }
}
