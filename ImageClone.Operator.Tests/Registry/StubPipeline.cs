using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

/// <summary>The production handler stack over a <see cref="StubHandler"/>, and the repository it talks to.</summary>
internal static class StubPipeline
{
    public const string Host = "reg.test";

    public static RegistryClient Client(StubHandler stub, TimeProvider? time = null, RegistryOptions? options = null) =>
        new(RegistryHttpPipeline.Create(options ?? TestOptions.For(Host), time ?? TimeProvider.System, stub));

    public static RepositoryAccess Repository(RegistryCredential? credential = null, bool push = false) =>
        RepositoryAccess.For(ImageReference.Parse($"{Host}/team/app:v1"), $"{Host}/team/app:v1", credential, push, TestOptions.For(Host));
}
