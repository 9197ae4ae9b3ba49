using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <param name="Transferred">True when this call pushed the image (not already there, not remembered from an earlier copy).</param>
internal sealed record CopyOutcome(ImageCopyResult Result, bool Transferred);
