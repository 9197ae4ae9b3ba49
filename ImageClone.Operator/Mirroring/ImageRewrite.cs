namespace ImageClone.Mirroring;

/// <summary>Point container <see cref="ContainerName"/> from <see cref="From"/> to its copy <see cref="To"/> (<c>target:tag@sha256:…</c>).</summary>
public sealed record ImageRewrite(string ContainerName, bool IsInit, string From, string To);
