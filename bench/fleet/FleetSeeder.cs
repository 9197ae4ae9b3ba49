using ImageClone.Tests.Support;
using ImageClone.Tests.Support.FakeKube;
using k8s.Models;

namespace ImageClone.Bench.Fleet;

/// <summary>Pushes the fleet's images to the source registry and creates its workloads in the fake API server.</summary>
internal static class FleetSeeder
{
    public static async Task<IReadOnlyList<PushedImage>> PushImagesAsync(string sourceHost, int count)
    {
        var factory = new ImageFactory(sourceHost);
        var pushed = new PushedImage[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            pushed[i] = await factory.PushAsync($"fleet/app-{i:D3}", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, seed: 1000 + i, 2048, 8192), ct));
        return pushed;
    }

    /// <summary>One container per workload; every fifth Deployment also runs a sidecar of the next popular image.</summary>
    public static IReadOnlyList<FleetWorkload> CreateWorkloads(FakeKubeApiServer server, FleetShape shape, IReadOnlyList<PushedImage> images)
    {
        var picks = ImagePopularity.Assign(shape.Workloads, images.Count, seed: 42);
        var workloads = new List<FleetWorkload>(shape.Workloads);
        for (var i = 0; i < shape.Workloads; i++)
        {
            var ns = $"team-{i % shape.Namespaces:D3}";
            var main = images[picks[i]].Reference;
            if (i < shape.Deployments)
            {
                var name = $"web-{i:D4}";
                (string, string)[] containers = i % 5 == 0
                    ? [("app", main), ("sidecar", images[(picks[i] + 1) % images.Count].Reference)]
                    : [("app", main)];
                server.Create(SampleWorkloads.Deployment(ns, name, containers));
                workloads.Add(new FleetWorkload("deployments", ns, name, [.. containers.Select(c => c.Item2)]));
            }
            else
            {
                var name = $"agent-{i:D4}";
                server.Create(SampleWorkloads.DaemonSet(ns, name, ("agent", main)));
                workloads.Add(new FleetWorkload("daemonsets", ns, name, [main]));
            }
        }

        return workloads;
    }

    /// <summary>What a kubelet reports as a container's imageID: the pushed digest, or the digest the reference pins.</summary>
    public static Func<string, string?> ImageIds(IReadOnlyList<PushedImage> images)
    {
        var digests = images.ToDictionary(image => image.Reference, image => image.Digest, StringComparer.Ordinal);
        return image =>
        {
            var at = image.LastIndexOf('@');
            var repository = at >= 0 ? image[..at] : image[..image.LastIndexOf(':')];
            var digest = at >= 0 ? image[(at + 1)..] : digests.GetValueOrDefault(image);
            return digest is null ? null : $"docker-pullable://{repository}@{digest}";
        };
    }
}
