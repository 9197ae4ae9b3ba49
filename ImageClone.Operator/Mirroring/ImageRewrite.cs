namespace ImageClone.Mirroring;

/// <summary>Point container <see cref="ContainerName"/> from <see cref="From"/> to its copy <see cref="To"/> (<c>target:tag@sha256:…</c>).</summary>
public sealed record ImageRewrite(string ContainerName, bool IsInit, string From, string To)
{
    /// <summary>Why <see cref="To"/> pins what it pins, when that is not simply what the running pods report; said in the rewrite's event.</summary>
    public string? PinNote { get; init; }
}
