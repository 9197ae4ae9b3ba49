using ImageClone.Registry;

namespace ImageClone.Cli;

/// <summary>What <c>mirror</c> runs with, from its arguments and environment; <see cref="Error"/> set on a usage error.</summary>
internal sealed record MirrorSetup(string? Error, TargetNaming? Naming, RegistryOptions? Options, DockerConfigCredentials? SourceCredentials, IReadOnlyList<ImageReference> Images)
{
    public static async Task<MirrorSetup> CreateAsync(MirrorArguments parsed, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        try
        {
            var naming = new TargetNaming(MirrorRepository.Parse(parsed.Repository ?? environment("REPOSITORY"), parsed.Repository is null ? "REPOSITORY" : "--repository"));
            var images = parsed.Images.Select(ImageReference.Parse).ToList();
            var options = RegistryOptions.FromEnvironment(environment, naming.Repository.Registry);
            var credentials = await LoadCredentialsAsync(parsed.AuthFile, environment("DOCKER_CONFIG"), cancellationToken);

            // like skopeo's --authfile, the file also answers for the target when REGISTRY_USERNAME does not
            options = options with { TargetCredential = options.TargetCredential ?? credentials?.For(naming.Repository.Registry) };
            return new MirrorSetup(null, naming, options, credentials, images);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or UnauthorizedAccessException)
        {
            return Failed(e.Message);
        }
    }

    private static async Task<DockerConfigCredentials?> LoadCredentialsAsync(string? authFile, string? dockerConfigDirectory, CancellationToken cancellationToken)
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
