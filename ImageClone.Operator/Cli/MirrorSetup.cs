using ImageClone.Mirroring;
using ImageClone.Registry;

namespace ImageClone.Cli;

/// <summary>What <c>mirror</c> runs with, from its arguments and environment; <see cref="Error"/> set on a usage error.</summary>
internal sealed record MirrorSetup(string? Error, TargetNaming? Naming, RegistryOptions? Options, IRegistryCredentials? SourceCredentials, IReadOnlyList<ImageReference> Images)
{
    public static async Task<MirrorSetup> CreateAsync(IReadOnlyList<string> args, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var parsed = MirrorArguments.Parse(args, out var usageError);
        if (parsed is null)
        {
            return Failed(usageError!);
        }

        try
        {
            var naming = new TargetNaming(MirrorRepository.Parse(parsed.Repository ?? environment("REPOSITORY")));
            var images = parsed.Images.Select(ImageReference.Parse).ToList();
            var options = RegistryOptions.FromEnvironment(environment, naming.Repository.Registry);
            var credentials = await LoadCredentialsAsync(parsed.AuthFile, environment("DOCKER_CONFIG"), cancellationToken);
            return new MirrorSetup(null, naming, options, credentials, images);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or UnauthorizedAccessException)
        {
            return Failed(e.Message);
        }
    }

    private static async Task<IRegistryCredentials?> LoadCredentialsAsync(string? authFile, string? dockerConfigDirectory, CancellationToken cancellationToken)
    {
        var path = authFile ?? (dockerConfigDirectory is null ? null : Path.Combine(dockerConfigDirectory, "config.json"));
        if (path is null || (authFile is null && !File.Exists(path)))
        {
            return null;
        }

        try
        {
            return await DockerConfigCredentials.LoadAsync(path, cancellationToken);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }

    private static MirrorSetup Failed(string error) => new(error, null, null, null, []);
}
