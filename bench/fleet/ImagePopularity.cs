namespace ImageClone.Bench.Fleet;

/// <summary>
/// Which image each workload uses: Zipf-skewed (the first image is used by about a fifth of all workloads, the
/// last by a handful), every image at least once, in a shuffled but repeatable order.
/// </summary>
internal static class ImagePopularity
{
    public static IReadOnlyList<int> Assign(int workloads, int images, int seed)
    {
        var harmonic = Enumerable.Range(1, images).Sum(rank => 1.0 / rank);
        var counts = Enumerable.Range(1, images).Select(rank => Math.Max(1, (int)(workloads / (rank * harmonic)))).ToArray();
        counts[0] += workloads - counts.Sum();
        var assignment = counts.SelectMany((count, image) => Enumerable.Repeat(image, count)).ToArray();
        new Random(seed).Shuffle(assignment);
        return assignment;
    }
}
