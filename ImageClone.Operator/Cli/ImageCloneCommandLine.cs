using System.CommandLine;

namespace ImageClone.Cli;

/// <summary>The operator binary's command line: the operator itself, <c>mirror</c> and <c>generate rbac</c>, each with <c>--help</c>.</summary>
internal static class ImageCloneCommandLine
{
    public const string Description =
        "Runs the ImageClone operator against the current kubeconfig context (in a pod: its service account). It watches " +
        "Deployments and DaemonSets in every namespace, copies each image that is not already under REPOSITORY into it " +
        "(every platform, digests unchanged) and, once a workload's rollout is healthy, repoints the workload at the " +
        "digest-pinned copy.";

    public const string OperatorSections = """
        Environment variables (README: Configuration):
          REPOSITORY                           where copies go (required), e.g. quay.io/myorg, registry.example.com:5000/mirror
          REGISTRY_USERNAME, REGISTRY_PASSWORD credentials for REPOSITORY's registry (default: anonymous)
          PULL_USERNAME, PULL_PASSWORD         a read-only credential handed to rewritten pods (default: REGISTRY_*)
          CONTROLLER_NAMESPACE                 never mirrored, holds the leader Lease (default: the kubeconfig's namespace)
          EXCLUDED_NAMESPACES                  comma-separated namespaces never mirrored, besides kube-system
          INSECURE_REGISTRIES                  comma-separated host[:port] reached over plain HTTP
          DRY_RUN                              true: copy, but do not rewrite (as --dry-run)
          LOG_FORMAT                           text (default) or json
          HTTP_URLS                            where /healthz, /readyz and /metrics are served (default: http://0.0.0.0:8080)
          LEADER_ELECTION                      true (default): only the Lease holder watches and writes
          MAX_CONCURRENT_RECONCILES            workloads reconciled at once, per kind (default: 4)
          NEW_REPOSITORIES_PRIVATE             true when REPOSITORY's registry creates new repositories private
          RECHECK_INTERVAL                     how often rewritten workloads' copies are checked (default: 1h; 90s, 15m)
          KUBECONFIG                           which cluster (default: ~/.kube/config, then in-cluster)

        Examples:
          REPOSITORY=quay.io/myorg REGISTRY_USERNAME=me REGISTRY_PASSWORD=token ImageClone.Operator
          REPOSITORY=quay.io/myorg ImageClone.Operator --dry-run
          ImageClone.Operator mirror --help

        Exit codes:
          0  stopped on SIGTERM or Ctrl-C
          1  the Kubernetes API server cannot be reached
          2  wrong usage or configuration: an invalid variable, no or an unreadable kubeconfig (one line names it)
        """;

    public const string GenerateRbacSections = """
        Examples:
          ImageClone.Operator generate rbac                 # writes config/rbac/role.yaml of this repository
          ImageClone.Operator generate rbac --output -      # prints it

        Exit codes:
          0  written
          1  the output's folder does not exist
          2  wrong usage
        """;

    public static Task<int> InvokeAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand(Description);
        var help = HelpSections.Install(root);
        var dryRun = new Option<bool>("--dry-run") { Description = "Copy, but do not rewrite any workload: logs and WouldRewrite events say what would change (as DRY_RUN=true)" };
        root.Options.Add(dryRun);
        root.SetAction((parsed, cancellationToken) => RunOperatorCommand.RunAsync(parsed.GetValue(dryRun), context, cancellationToken));
        help.Add(root, OperatorSections);
        root.Subcommands.Add(MirrorCommandLine.Configure(new Command("mirror", MirrorCommandLine.Description), context, help));
        root.Subcommands.Add(GenerateCommand(context, help));
        return CommandLineInvocation.InvokeAsync(root, args, context, cancellationToken);
    }

    private static Command GenerateCommand(CommandContext context, HelpSections help)
    {
        var output = new Option<string?>("--output", "-o")
        {
            Description = $"Where to write the role; - for stdout (default: {GenerateRbacCommand.DefaultOutput} of the repository around the current folder)",
            HelpName = "PATH",
        };
        var rbac = new Command("rbac", "Writes the ClusterRole the controllers need, generated from their [EntityRbac] attributes.");
        rbac.Options.Add(output);
        rbac.SetAction((parsed, _) => GenerateRbacCommand.RunAsync(parsed.GetValue(output), context.Out, context.Error));
        help.Add(rbac, GenerateRbacSections);
        var generate = new Command("generate", "Generates files from the code.");
        generate.Subcommands.Add(rbac);
        return generate;
    }
}
