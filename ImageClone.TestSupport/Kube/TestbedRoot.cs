namespace ImageClone.Tests.Support.Kube;

/// <summary>The repository the tests run from (the folder holding ImageClone.sln).</summary>
internal static class TestbedRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "ImageClone.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no ImageClone.sln above {AppContext.BaseDirectory}");
    }
}
