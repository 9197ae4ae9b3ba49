using ImageClone.Tests.Support;
using ImageClone.Tests.Support.Kube;
using k8s;
using k8s.Models;

namespace ImageClone.Bench.Fleet;

/// <summary>Pushes the fleet's images to the source registry and creates its namespaces and workloads through the admin client.</summary>
internal static class FleetSeeder
{
    private const int ParallelCreates = 16;

    public static async Task<IReadOnlyList<PushedImage>> PushImagesAsync(string sourceHost, int count)
    {
        var factory = new ImageFactory(sourceHost);
        var pushed = new PushedImage[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            pushed[i] = await factory.PushAsync($"fleet/app-{i:D3}", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, seed: 1000 + i, 2048, 8192), ct));
        return pushed;
    }

    /// <summary>
    /// One container per workload; every fifth Deployment also runs a sidecar of the next popular image; Deployments
    /// run 1, 2 or 3 replicas in turn; every tenth Deployment slot is a StatefulSet of one replica.
    /// </summary>
    public static IReadOnlyList<FleetWorkload> Plan(FleetShape shape, IReadOnlyList<PushedImage> images)
    {
        var picks = ImagePopularity.Assign(shape.Workloads, images.Count, seed: 42);
        var workloads = new List<FleetWorkload>(shape.Workloads);
        for (var i = 0; i < shape.Workloads; i++)
        {
            var ns = $"team-{i % shape.Namespaces:D3}";
            var main = images[picks[i]].Reference;
            if (i < shape.Deployments && FleetShape.IsStatefulSet(i))
            {
                workloads.Add(new FleetWorkload(FleetWorkload.StatefulSets, ns, $"db-{i:D4}", [main]));
            }
            else if (i < shape.Deployments)
            {
                string[] containers = i % 5 == 0 ? [main, images[(picks[i] + 1) % images.Count].Reference] : [main];
                workloads.Add(new FleetWorkload(FleetWorkload.Deployments, ns, $"web-{i:D4}", containers, FleetShape.ReplicasOf(i)));
            }
            else
            {
                workloads.Add(new FleetWorkload(FleetWorkload.DaemonSets, ns, $"agent-{i:D4}", [main]));
            }
        }

        return workloads;
    }

    public static async Task CreateAsync(IKubernetes admin, IEnumerable<string> namespaces, IReadOnlyList<FleetWorkload> workloads)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ParallelCreates };
        await Parallel.ForEachAsync(namespaces, parallel, async (ns, ct) =>
            await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: ct));
        await Parallel.ForEachAsync(workloads, parallel, async (workload, ct) =>
        {
            if (workload.Resource == FleetWorkload.Deployments)
            {
                await admin.AppsV1.CreateNamespacedDeploymentAsync(
                    SampleWorkloads.Deployment(workload.Namespace, workload.Name, workload.Replicas, [], [.. workload.Images.Select(ContainerOf)]), workload.Namespace, cancellationToken: ct);
            }
            else if (workload.Resource == FleetWorkload.StatefulSets)
            {
                await admin.AppsV1.CreateNamespacedStatefulSetAsync(
                    SampleWorkloads.StatefulSet(workload.Namespace, workload.Name, replicas: 1, [.. workload.Images.Select(ContainerOf)]), workload.Namespace, cancellationToken: ct);
            }
            else
            {
                await admin.AppsV1.CreateNamespacedDaemonSetAsync(
                    SampleWorkloads.DaemonSet(workload.Namespace, workload.Name, [.. workload.Images.Select(ContainerOf)]), workload.Namespace, cancellationToken: ct);
            }
        });
    }

    private static (string Name, string Image) ContainerOf(string image, int index) => (index == 0 ? "app" : "sidecar", image);
}
