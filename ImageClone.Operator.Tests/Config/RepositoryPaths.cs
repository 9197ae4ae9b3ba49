namespace ImageClone.Tests.Config;

/// <summary>Finds files of the repository from the test binaries' folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(string relativePath) => Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ImageClone.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no ImageClone.sln above {AppContext.BaseDirectory}");
    }
}
