namespace ImageClone.Bench.Fleet;

/// <param name="Resource">"deployments" or "daemonsets", as the API server's request log names it</param>
internal sealed record FleetWorkload(string Resource, string Namespace, string Name, IReadOnlyList<string> Images);
