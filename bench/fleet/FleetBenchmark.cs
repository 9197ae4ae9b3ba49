using System.Diagnostics;
using ImageClone.Tests.Support;
using ImageClone.Tests.Support.Kube;
using ImageClone.Tests.Support.Kube.Proxy;

namespace ImageClone.Bench.Fleet;

/// <summary>
/// Builds the fleet — a source registry with the images, an anonymous target behind a counting proxy, the real
/// control plane with its simulated nodes, and the workloads, rolled out before the operator starts — then runs the
/// operator process on it through a recording API proxy until every workload is rewritten and rolled out onto the
/// mirror, and restarts it on the converged fleet until it is steady again.
/// </summary>
internal sealed class FleetBenchmark(string operatorDll, string workDirectory, FleetShape shape)
{
    private const string OperatorUser = "operator-0";
    private const string OperatorNamespace = "imageclone-system";
    private const string MirrorPath = "mirror";
    private static readonly TimeSpan FleetUpTimeout = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The operator's client rate limit: the bench's own KUBE_API_QPS/KUBE_API_BURST when set, else 200/400. The
    /// product's defaults (20/30, controller-runtime's) would make a start-up on thousands of workloads client-bound:
    /// about 2 requests per workload at 20 a second.
    /// </summary>
    public static string ApiQps => Environment.GetEnvironmentVariable("KUBE_API_QPS") ?? "200";

    public static string ApiBurst => Environment.GetEnvironmentVariable("KUBE_API_BURST") ?? "400";

    public async Task<FleetResult> RunAsync()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var targetRegistry = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProxy.StartAsync(targetRegistry.BaseUri);
        Console.Error.WriteLine($"pushing {shape.Images} images to {source.Host}...");
        var images = await FleetSeeder.PushImagesAsync(source.Host, shape.Images);

        Console.Error.WriteLine("starting the control plane...");
        var clock = Stopwatch.StartNew();
        await using var plane = await ControlPlane.StartAsync();
        var controlPlaneStart = clock.Elapsed;
        try
        {
            await using var api = await KubeApiProxy.StartAsync(plane.ApiServer.Url, plane.Pki.CaPem, plane.Users.LabelOfToken);
            await using var watch = await FleetWatch.StartAsync(plane.Admin);
            var fleet = FleetSeeder.Plan(shape, images);
            var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var childCpu = ChildProcessCpu.ByName();
            var (created, up) = await BringUpAsync(plane, watch, fleet);
            var bringUpCpu = ChildProcessCpu.Since(childCpu);
            var bringUpBenchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpu;

            var repository = $"{target.Host}/{MirrorPath}";
            var environment = new Dictionary<string, string>
            {
                ["KUBECONFIG"] = plane.WriteKubeconfig(OperatorUser, api.Url, api.CaPem),
                ["REPOSITORY"] = repository,
                ["INSECURE_REGISTRIES"] = $"{source.Host},{target.Host}",
                ["CONTROLLER_NAMESPACE"] = OperatorNamespace,
                ["LEADER_ELECTION"] = "true",
                ["KUBE_API_QPS"] = ApiQps,
                ["KUBE_API_BURST"] = ApiBurst,
            };
            var digests = images.ToDictionary(i => i.Reference, i => i.Digest, StringComparer.Ordinal);
            var phases = new OperatorPhase(operatorDll, Path.Combine(workDirectory, "operator.log"), environment, plane, api, target, watch, fleet,
                new MirrorTarget(OperatorUser, MirrorPath, repository, digests));

            Console.Error.WriteLine("phase 1: the operator on the fresh fleet...");
            var first = await phases.RunAsync(shape.RestartApiServer ? "first run, apiserver restarted" : "first run", untilAllWritten: true, shape.RestartApiServer);
            Console.Error.WriteLine("phase 2: restarted on the converged fleet...");
            var second = await phases.RunAsync("restart", untilAllWritten: false);
            ReportFailures(plane, watch);
            return new FleetResult(controlPlaneStart, created, up, bringUpCpu, bringUpBenchCpu, first, second);
        }
        finally
        {
            KeepLogs(plane.Directory);
        }
    }

    /// <summary>Creates the namespaces and workloads, then waits until the controllers and nodes have rolled every one out.</summary>
    private async Task<(TimeSpan Created, TimeSpan Up)> BringUpAsync(ControlPlane plane, FleetWatch watch, IReadOnlyList<FleetWorkload> fleet)
    {
        Console.Error.WriteLine($"creating {fleet.Count} workloads in {shape.Namespaces} namespaces ({shape.Pods(AmdNodes(plane))} pods)...");
        var clock = Stopwatch.StartNew();
        var namespaces = fleet.Select(w => w.Namespace).Distinct(StringComparer.Ordinal).Append(OperatorNamespace);
        await FleetSeeder.CreateAsync(plane.Admin, namespaces, fleet);
        await LeaderElectionRbac.ApplyAsync(plane.Admin, OperatorNamespace);
        var created = clock.Elapsed;
        Console.Error.WriteLine($"created in {created.TotalSeconds:0.0} s; waiting for the rollouts...");
        var (_, complete) = await RolloutWaiter.WaitAsync(watch, fleet, "fleet up", FleetUpTimeout);
        plane.ThrowIfAControllerExited();
        if (!complete)
        {
            ReportFailures(plane, watch);
            throw new TimeoutException($"bringing the fleet up: not every rollout completed within {FleetUpTimeout}; control plane logs in {workDirectory}");
        }

        Console.Error.WriteLine($"fleet up after {clock.Elapsed.TotalSeconds:0.0} s");
        return (created, clock.Elapsed);
    }

    private static int AmdNodes(ControlPlane plane) => plane.Nodes.Nodes.Count(n => n.Architecture == "amd64" && n.Taints.Count == 0);

    private static void ReportFailures(ControlPlane plane, FleetWatch watch)
    {
        if (plane.Nodes.LastFailure is { } agent)
        {
            Console.Error.WriteLine($"the node agent's last failure: {agent.GetType().Name}: {agent.Message}");
        }

        if (watch.LastFailure is { } fleet)
        {
            Console.Error.WriteLine($"the fleet watch's last failure: {fleet.GetType().Name}: {fleet.Message}");
        }
    }

    private void KeepLogs(string controlPlaneDirectory)
    {
        var logs = Directory.CreateDirectory(Path.Combine(workDirectory, "control-plane")).FullName;
        foreach (var log in Directory.EnumerateFiles(controlPlaneDirectory, "*.log"))
        {
            File.Copy(log, Path.Combine(logs, Path.GetFileName(log)), overwrite: true);
        }
    }
}
