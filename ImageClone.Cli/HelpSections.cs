using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace ImageClone.Cli;

/// <summary>
/// The standard <c>--help</c> text followed by sections System.CommandLine has no place for: the environment
/// variables a command reads, examples and exit codes, given per command.
/// </summary>
internal sealed class HelpSections(HelpAction standard) : SynchronousCommandLineAction
{
    private readonly Dictionary<Command, string> _extra = [];

    /// <summary>Makes <paramref name="root"/>'s (recursive) help option print the sections added with <see cref="Add"/>.</summary>
    public static HelpSections Install(RootCommand root)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        var sections = new HelpSections((HelpAction)option.Action!);
        option.Action = sections;
        return sections;
    }

    public override bool ClearsParseErrors => true;

    public void Add(Command command, string text) => _extra[command] = text.Trim('\n');

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        standard.Invoke(parseResult);
        if (_extra.TryGetValue(parseResult.CommandResult.Command, out var text))
        {
            parseResult.InvocationConfiguration.Output.WriteLine(text);
            parseResult.InvocationConfiguration.Output.WriteLine();
        }

        return ExitCodes.Success;
    }
}
