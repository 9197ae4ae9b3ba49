namespace ImageClone.Operator;

/// <summary>This replica's name in the leader Lease: the pod name plus a suffix unique to this process.</summary>
internal static class LeaderIdentity
{
    public static string Current { get; } =
        $"{Environment.GetEnvironmentVariable("HOSTNAME") ?? Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";
}
