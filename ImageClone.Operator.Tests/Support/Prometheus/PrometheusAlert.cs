namespace ImageClone.Tests.Support.Prometheus;

/// <summary>One alert of Prometheus's <c>/api/v1/alerts</c>: its labels (alertname among them) and state (pending or firing).</summary>
internal sealed record PrometheusAlert(IReadOnlyDictionary<string, string> Labels, string State)
{
    public string Name => Labels["alertname"];

    public override string ToString() => $"{Name}{{{string.Join(", ", Labels.Where(l => l.Key != "alertname").Select(l => $"{l.Key}={l.Value}"))}}} {State}";
}
