namespace ImageClone.Mirroring;

/// <summary>One container of a pod template, as written in the workload (the image is not yet parsed).</summary>
public sealed record ContainerImage(string ContainerName, bool IsInit, string Image);
