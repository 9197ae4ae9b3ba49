namespace ImageClone.Tests.Support.FakeKube;

public sealed record FakeKubeOptions
{
    /// <summary>Nodes a DaemonSet is scheduled on (its desired pod count).</summary>
    public int NodeCount { get; init; } = 2;

    /// <summary>The imageID a pod status reports for a container image, e.g. "docker-pullable://repo@sha256:…"; null leaves it empty.</summary>
    public Func<string, string?> ImageIdResolver { get; init; } = _ => null;

    /// <summary>How long a watch that asked for bookmarks stays idle before it gets one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether Deployments and DaemonSets get a status and pods after each rollout (see <see cref="RolloutSimulator"/>).</summary>
    public bool SimulateRollouts { get; init; } = true;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
