using System.Globalization;

namespace ImageClone.Bench.Fleet;

/// <summary>The operator's /metrics page, summed over labels per metric name.</summary>
internal sealed class OperatorMetricsText(string text)
{
    public double Sum(string metric, string? labelContains = null) =>
        text.Split('\n')
            .Where(line => line.StartsWith(metric, StringComparison.Ordinal)
                && line.Length > metric.Length && line[metric.Length] is '{' or ' '
                && (labelContains is null || line.Contains(labelContains, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
