using System.Globalization;
using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>The pods a workload's controller would run from its pod template, with the container statuses a kubelet reports.</summary>
internal static class WorkloadPods
{
    public static IEnumerable<JsonObject> For(JsonObject workload, int count, int nodeCount, bool ready, Func<string, string?> imageIds, string now)
    {
        var metadata = workload["metadata"]!;
        var name = metadata["name"]!.GetValue<string>();
        var generation = metadata["generation"]?.GetValue<long>() ?? 1;

        // Real pod names carry a hash of their owner; part of the uid keeps a Deployment's and a DaemonSet's pods apart.
        var owner = new string((metadata["uid"]?.GetValue<string>() ?? "").Where(char.IsAsciiLetterOrDigit).Take(5).ToArray());
        for (var i = 0; i < count; i++)
        {
            var spec = (JsonObject?)workload["spec"]?["template"]?["spec"]?.DeepClone() ?? [];
            spec["nodeName"] = $"node-{(i % Math.Max(nodeCount, 1)) + 1}";
            yield return new JsonObject
            {
                ["kind"] = "Pod",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject
                {
                    ["name"] = string.Create(CultureInfo.InvariantCulture, $"{name}-{owner}{generation}-{i}"),
                    ["namespace"] = metadata["namespace"]?.DeepClone(),
                    ["labels"] = Labels(workload),
                    ["ownerReferences"] = new JsonArray(OwnerReference(workload)),
                },
                ["spec"] = spec,
                ["status"] = Status(spec, ready, imageIds, now),
            };
        }
    }

    public static bool IsOwnedBy(JsonObject pod, string ownerUid) =>
        pod["metadata"]?["ownerReferences"] is JsonArray owners
        && owners.Any(o => o?["uid"]?.GetValue<string>() == ownerUid);

    private static JsonObject Labels(JsonObject workload)
    {
        var labels = (JsonObject?)workload["spec"]?["template"]?["metadata"]?["labels"]?.DeepClone() ?? [];
        if (workload["spec"]?["selector"]?["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                labels[key] = value?.DeepClone();
            }
        }

        return labels;
    }

    private static JsonObject OwnerReference(JsonObject workload) => new()
    {
        ["apiVersion"] = workload["apiVersion"]?.DeepClone(),
        ["kind"] = workload["kind"]?.DeepClone(),
        ["name"] = workload["metadata"]!["name"]!.DeepClone(),
        ["uid"] = workload["metadata"]!["uid"]?.DeepClone(),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    private static JsonObject Status(JsonObject spec, bool ready, Func<string, string?> imageIds, string now) => new()
    {
        ["phase"] = "Running",
        ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
        ["initContainerStatuses"] = ContainerStatuses(spec["initContainers"], imageIds, init: true, ready, now),
        ["containerStatuses"] = ContainerStatuses(spec["containers"], imageIds, init: false, ready, now),
        ["startTime"] = now,
    };

    private static JsonArray ContainerStatuses(JsonNode? containers, Func<string, string?> imageIds, bool init, bool ready, string now)
    {
        var statuses = new JsonArray();
        foreach (var container in (containers as JsonArray ?? []).OfType<JsonObject>())
        {
            var image = container["image"]?.GetValue<string>() ?? "";
            statuses.Add(new JsonObject
            {
                ["name"] = container["name"]?.DeepClone(),
                ["image"] = image,
                ["imageID"] = imageIds(image) ?? "",
                ["ready"] = init || ready,
                ["started"] = !init,
                ["restartCount"] = 0,
                ["state"] = init
                    ? new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed", ["finishedAt"] = now } }
                    : new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
            });
        }

        return statuses;
    }
}
