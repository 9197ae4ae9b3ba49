using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ImageClone.Tests.Support;
using ImageClone.Tests.Support.FakeKube;
using k8s.Models;

namespace ImageClone.Bench.Fleet;

/// <summary>
/// Builds the fleet (source registry with the images, an anonymous target behind a counting proxy, the fake API
/// server with the workloads and the generated RBAC role), runs the operator process on it until every workload is
/// rewritten, then restarts it on the converged cluster and runs it until it is steady again.
/// </summary>
internal sealed class FleetBenchmark(string operatorDll, string roleYaml, string workDirectory, FleetShape shape)
{
    private const string OperatorUser = "imageclone-operator";
    private const string MirrorPath = "mirror";
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromMinutes(10);

    public async Task<(PhaseResult First, PhaseResult Second)> RunAsync()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var targetRegistry = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProxy.StartAsync(targetRegistry.BaseUri);
        Console.Error.WriteLine($"pushing {shape.Images} images to {source.Host}...");
        var images = await FleetSeeder.PushImagesAsync(source.Host, shape.Images);

        await using var server = await FakeKubeApiServer.StartAsync(new FakeKubeOptions { ImageIdResolver = FleetSeeder.ImageIds(images) });
        server.AddUser(OperatorUser, Guid.NewGuid().ToString("N"), roleYaml);
        Console.Error.WriteLine($"creating {shape.Workloads} workloads...");
        var workloads = FleetSeeder.CreateWorkloads(server, shape, images);
        var digests = images.ToDictionary(i => i.Reference, i => i.Digest, StringComparer.Ordinal);

        var environment = new Dictionary<string, string>
        {
            ["KUBECONFIG"] = server.WriteKubeconfig(OperatorUser),
            ["REPOSITORY"] = $"{target.Host}/{MirrorPath}",
            ["INSECURE_REGISTRIES"] = $"{source.Host},{target.Host}",
            ["CONTROLLER_NAMESPACE"] = "imageclone-system",
            ["LEADER_ELECTION"] = "true",
        };
        var repository = environment["REPOSITORY"];

        Console.Error.WriteLine("phase 1: the operator on the fresh fleet...");
        server.ClearRequests();
        var first = await RunPhaseAsync("first run", server, target, environment, workloads.Count, images.Count, untilAllWritten: true,
            () => Wrong(server, workloads, digests, repository));
        Console.Error.WriteLine("phase 2: restarted on the converged fleet...");
        server.ClearRequests();
        target.ResetCounts();
        var second = await RunPhaseAsync("restart", server, target, environment, workloads.Count, images.Count, untilAllWritten: false,
            () => Wrong(server, workloads, digests, repository));
        return (first, second);
    }

    private async Task<PhaseResult> RunPhaseAsync(string name, FakeKubeApiServer server, RegistryProxy target, Dictionary<string, string> environment,
        int workloads, int images, bool untilAllWritten, Func<int> wrongWorkloads)
    {
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await using var process = OperatorProcess.Start(operatorDll, environment, FreePort(), Path.Combine(workDirectory, "operator.log"));
        var observer = new FleetObserver(server, target, OperatorUser, MirrorPath);
        var steady = new SteadyStateProbe(process, workloads);
        var written = untilAllWritten ? observer.WaitForWritesAsync(clock, workloads, images, PhaseTimeout) : Task.FromResult(true);
        await steady.WaitAsync(clock, PhaseTimeout, () => written.IsCompleted);
        if (!await written)
        {
            Console.Error.WriteLine($"{name}: not every workload was written within {PhaseTimeout}; see {workDirectory}/operator.log");
        }

        var peak = process.PeakRssMiB();
        var cpu = process.CpuTime();
        await process.StopAsync();
        var wall = clock.Elapsed;
        return new PhaseResult(name, observer.LastWriteAt, observer.LastCopyAt, steady.ReadyAt, steady.LeaderAt, steady.SteadyAt, peak, cpu,
            Process.GetCurrentProcess().TotalProcessorTime - benchCpu, wall, wrongWorkloads(),
            FleetFigures.From(server.Requests, target.Requests, OperatorUser, MirrorPath));
    }

    /// <summary>Workloads whose images are not all the mirror's copy, pinned to the source's digest.</summary>
    private static int Wrong(FakeKubeApiServer server, IReadOnlyList<FleetWorkload> workloads, Dictionary<string, string> digests, string repository)
    {
        var current = server.List<V1Deployment>().ToDictionary(d => (d.Namespace(), d.Name()), d => d.Spec.Template.Spec.Containers)
            .Concat(server.List<V1DaemonSet>().ToDictionary(d => (d.Namespace(), d.Name()), d => d.Spec.Template.Spec.Containers))
            .ToDictionary(pair => pair.Key, pair => pair.Value.Select(c => c.Image).ToList());
        return workloads.Count(w => !current.TryGetValue((w.Namespace, w.Name), out var now)
            || now.Count != w.Images.Count
            || now.Zip(w.Images).Any(pair => !pair.First.StartsWith(repository + "/", StringComparison.Ordinal)
                || !pair.First.EndsWith("@" + digests[pair.Second], StringComparison.Ordinal)));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
