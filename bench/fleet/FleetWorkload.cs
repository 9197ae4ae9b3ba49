namespace ImageClone.Bench.Fleet;

/// <param name="Resource"><see cref="Deployments"/> or <see cref="DaemonSets"/>, as the API proxy's records name it</param>
/// <param name="Images">the source images of its containers, in order</param>
internal sealed record FleetWorkload(string Resource, string Namespace, string Name, IReadOnlyList<string> Images)
{
    public const string Deployments = "deployments";
    public const string DaemonSets = "daemonsets";
}
