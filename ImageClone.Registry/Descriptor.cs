namespace ImageClone.Registry;

/// <summary>What a manifest says about a blob or child manifest: enough to fetch and verify it (and, in an index, the child's platform).</summary>
internal sealed record Descriptor(string MediaType, string Digest, long Size, ImagePlatform? Platform = null);
