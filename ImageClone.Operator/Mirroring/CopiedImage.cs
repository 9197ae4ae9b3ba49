using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <param name="Transferred">True when this decision pushed the image (not already in the target, not remembered from an earlier copy).</param>
public sealed record CopiedImage(string ContainerName, ImageReference Source, ImageReference PinnedTarget, bool Transferred, long BytesCopied)
{
    /// <summary>Why the pin is not simply what the running pods report, when it is not.</summary>
    public string? PinNote { get; init; }
}
