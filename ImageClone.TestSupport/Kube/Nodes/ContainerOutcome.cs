namespace ImageClone.Tests.Support.Kube.Nodes;

/// <summary>What became of one container on its node: started from a pulled image, failed to pull, or pulled an image of another architecture.</summary>
internal abstract record ContainerOutcome(string Name, string Image, bool IsInit)
{
    public sealed record Started(string Name, string Image, bool IsInit, PulledImage Pulled) : ContainerOutcome(Name, Image, IsInit);

    public sealed record PullFailed(string Name, string Image, bool IsInit, string Message, bool BackingOff) : ContainerOutcome(Name, Image, IsInit);

    /// <summary>A single-platform image for another architecture: it pulls, and its process dies with "exec format error".</summary>
    public sealed record WrongArchitecture(string Name, string Image, bool IsInit, PulledImage Pulled) : ContainerOutcome(Name, Image, IsInit);
}
