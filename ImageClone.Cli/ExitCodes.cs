namespace ImageClone.Cli;

/// <summary>The documented exit codes of every command (README: Exit codes).</summary>
internal static class ExitCodes
{
    /// <summary>Done: every image copied, the file written, or the operator stopped on a signal.</summary>
    public const int Success = 0;

    /// <summary>The work failed: an image could not be copied, the cluster could not be reached.</summary>
    public const int Failure = 1;

    /// <summary>Wrong usage or configuration: an unknown option, a bad image name, an invalid variable, an unreadable kubeconfig. Nothing was done.</summary>
    public const int UsageError = 2;
}
