using System.CommandLine;

namespace ImageClone.Cli;

/// <summary>The <c>mirror</c> command's options, arguments and help, for the operator's subcommand and the stand-alone binary alike.</summary>
internal static class MirrorCommandLine
{
    public const string Description =
        "Copies images into REPOSITORY by hand, without a cluster: every platform, byte for byte, digests unchanged, named " +
        "as the operator names its copies. Prints one line per image, IMAGE -> the digest-pinned copy; progress goes to stderr. " +
        "An image already under REPOSITORY is checked, not copied.";

    public const string Sections = """
        Environment variables:
          REPOSITORY                               where copies go, when --repository is not given (e.g. quay.io/myorg)
          REGISTRY_USERNAME, REGISTRY_PASSWORD     credentials for REPOSITORY's registry (else --authfile's entry for it, else anonymous)
          INSECURE_REGISTRIES                      comma-separated host[:port] reached over plain HTTP; all others over verified TLS
          DOCKER_CONFIG                            a folder whose config.json holds source credentials, when --authfile is not given

        Examples:
          REPOSITORY=quay.io/myorg mirror nginx:1.25 ghcr.io/org/app:v2
          mirror --repository registry.local:5000/mirror --authfile ~/.docker/config.json private.example/team/app:v1

        Exit codes:
          0  every image is in REPOSITORY with its source digest
          1  an image could not be copied (one line on stderr names it and why)
          2  wrong usage or configuration (nothing was copied)
        """;

    /// <summary>Adds mirror's options, arguments and action to <paramref name="command"/> (a subcommand, or the stand-alone binary's root).</summary>
    public static Command Configure(Command command, CommandContext context, HelpSections help)
    {
        var repository = new Option<string?>("--repository")
        {
            Description = "Where copies go, e.g. quay.io/myorg or registry.local:5000/mirror (default: $REPOSITORY)",
            HelpName = "REPOSITORY",
        };
        var authFile = new Option<string?>("--authfile")
        {
            Description = "A Docker config.json with credentials for the source registries, and for REPOSITORY's registry when " +
                "REGISTRY_USERNAME is not set (default: $DOCKER_CONFIG/config.json)",
            HelpName = "CONFIG_JSON",
        };
        var images = new Argument<string[]>("IMAGE")
        {
            Description = "Images to copy, e.g. nginx:1.25, ghcr.io/org/app:v2, quay.io/x/y@sha256:…",
            Arity = ArgumentArity.OneOrMore,
        };
        CommandLineInvocation.RejectOptionLikeValues(images);
        command.Options.Add(repository);
        command.Options.Add(authFile);
        command.Arguments.Add(images);
        command.SetAction((parsed, cancellationToken) => MirrorCommand.RunAsync(
            new MirrorArguments(parsed.GetValue(repository), parsed.GetValue(authFile), parsed.GetValue(images) ?? []),
            context,
            cancellationToken));
        help.Add(command, Sections);
        return command;
    }

    /// <summary>The stand-alone <c>imageclone-mirror</c> binary: mirror's options at its root.</summary>
    public static Task<int> InvokeStandaloneAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var root = new RootCommand(Description);
        Configure(root, context, HelpSections.Install(root));
        return CommandLineInvocation.InvokeAsync(root, args, context, cancellationToken);
    }
}
