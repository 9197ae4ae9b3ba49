namespace ImageClone.Cli;

/// <summary>What <c>mirror</c> was asked to do: <c>--repository</c>, <c>--authfile</c> and the images, as parsed by <see cref="MirrorCommandLine"/>.</summary>
internal sealed record MirrorArguments(string? Repository, string? AuthFile, IReadOnlyList<string> Images);
