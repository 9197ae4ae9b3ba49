using System.Globalization;
using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>
/// Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`), which kubectl get asks for:
/// the columns kube-apiserver prints for Deployments, DaemonSets and Pods, Name and Age for the rest.
/// </summary>
internal static class TablePrinter
{
    public static bool IsWanted(string accept) => accept.Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject Print(KubeResource resource, IEnumerable<JsonObject> objects, string resourceVersion, DateTimeOffset now) => new()
    {
        ["kind"] = "Table",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
        ["columnDefinitions"] = new JsonArray([.. Columns(resource).Select(Column)]),
        ["rows"] = new JsonArray([.. objects.Select(o => Row(resource, o, now))]),
    };

    private static string[] Columns(KubeResource resource) => resource.Kind switch
    {
        "Deployment" => ["Name", "Ready", "Up-to-date:integer", "Available:integer", "Age", "Containers:1", "Images:1"],
        "DaemonSet" => ["Name", "Desired:integer", "Current:integer", "Ready:integer", "Up-to-date:integer", "Available:integer", "Age", "Containers:1", "Images:1"],
        "Pod" => ["Name", "Ready", "Status", "Restarts:integer", "Age", "Node:1"],
        _ => ["Name", "Age"],
    };

    private static JsonNode?[] Cells(KubeResource resource, JsonObject obj, string name, string age)
    {
        var spec = obj["spec"];
        var status = obj["status"];
        var containers = spec?["template"]?["spec"]?["containers"] as JsonArray ?? [];
        var names = string.Join(',', containers.Select(c => c?["name"]?.ToString()));
        var images = string.Join(',', containers.Select(c => c?["image"]?.ToString()));
        return resource.Kind switch
        {
            "Deployment" => [name, $"{Int(status?["readyReplicas"])}/{Int(spec?["replicas"])}", Int(status?["updatedReplicas"]), Int(status?["availableReplicas"]), age, names, images],
            "DaemonSet" => [name, Int(status?["desiredNumberScheduled"]), Int(status?["currentNumberScheduled"]), Int(status?["numberReady"]),
                Int(status?["updatedNumberScheduled"]), Int(status?["numberAvailable"]), age, names, images],
            "Pod" => PodCells(obj, name, age),
            _ => [name, age],
        };
    }

    private static JsonNode?[] PodCells(JsonObject pod, string name, string age)
    {
        var statuses = pod["status"]?["containerStatuses"] as JsonArray ?? [];
        var total = (pod["spec"]?["containers"] as JsonArray)?.Count ?? 0;
        var ready = statuses.Count(s => s?["ready"]?.GetValue<bool>() == true);
        var restarts = statuses.Sum(s => Int(s?["restartCount"]));
        return [name, $"{ready}/{total}", pod["status"]?["phase"]?.ToString() ?? "Pending", restarts, age, pod["spec"]?["nodeName"]?.ToString() ?? "<none>"];
    }

    private static JsonObject Row(KubeResource resource, JsonObject obj, DateTimeOffset now)
    {
        var metadata = obj["metadata"]!;
        var created = DateTimeOffset.Parse(metadata["creationTimestamp"]!.ToString(), CultureInfo.InvariantCulture);
        var cells = Cells(resource, obj, metadata["name"]!.ToString(), Age(now - created));
        return new JsonObject
        {
            ["cells"] = new JsonArray([.. cells.Select(c => c?.DeepClone())]),
            ["object"] = new JsonObject
            {
                ["kind"] = "PartialObjectMetadata",
                ["apiVersion"] = "meta.k8s.io/v1",
                ["metadata"] = metadata.DeepClone(),
            },
        };
    }

    private static JsonObject Column(string spec)
    {
        var parts = spec.Split(':');
        var name = parts[0];
        return new JsonObject
        {
            ["name"] = name,
            ["type"] = parts.Contains("integer") ? "integer" : "string",
            ["format"] = name == "Name" ? "name" : "",
            ["description"] = name,
            ["priority"] = parts.Contains("1") ? 1 : 0,
        };
    }

    private static int Int(JsonNode? node) => node is null ? 0 : int.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    // The buckets of apimachinery's duration.HumanDuration, shortened.
    private static string Age(TimeSpan age) => age switch
    {
        { TotalSeconds: < 120 } => $"{Math.Max(0, (int)age.TotalSeconds)}s",
        { TotalMinutes: < 10 } => $"{(int)age.TotalMinutes}m{age.Seconds}s",
        { TotalHours: < 3 } => $"{(int)age.TotalMinutes}m",
        { TotalHours: < 8 } => $"{(int)age.TotalHours}h{age.Minutes}m",
        { TotalHours: < 48 } => $"{(int)age.TotalHours}h",
        _ => $"{(int)age.TotalDays}d",
    };
}
