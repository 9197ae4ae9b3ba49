using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>The status the Deployment and DaemonSet controllers write once a rollout has finished, or while it is stuck.</summary>
internal static class WorkloadStatus
{
    public static JsonObject For(JsonObject workload, int nodeCount, bool healthy, string now)
    {
        var generation = workload["metadata"]?["generation"]?.GetValue<long>() ?? 1;
        return workload["kind"]?.GetValue<string>() == "DaemonSet"
            ? DaemonSet(generation, nodeCount, healthy)
            : Deployment(generation, DesiredPods(workload, nodeCount), healthy, now);
    }

    public static int DesiredPods(JsonObject workload, int nodeCount) =>
        workload["kind"]?.GetValue<string>() == "DaemonSet" ? nodeCount : workload["spec"]?["replicas"]?.GetValue<int>() ?? 1;

    private static JsonObject Deployment(long generation, int replicas, bool healthy, string now)
    {
        var status = new JsonObject
        {
            ["observedGeneration"] = generation,
            ["replicas"] = replicas,
            ["updatedReplicas"] = replicas,
            ["readyReplicas"] = healthy ? replicas : 0,
            ["availableReplicas"] = healthy ? replicas : 0,
            ["conditions"] = new JsonArray(
                Condition("Available", healthy, healthy ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable", now),
                Condition("Progressing", true, healthy ? "NewReplicaSetAvailable" : "ReplicaSetUpdated", now)),
        };
        if (!healthy)
        {
            status["unavailableReplicas"] = replicas;
        }

        return status;
    }

    private static JsonObject DaemonSet(long generation, int nodes, bool healthy)
    {
        var status = new JsonObject
        {
            ["observedGeneration"] = generation,
            ["desiredNumberScheduled"] = nodes,
            ["currentNumberScheduled"] = nodes,
            ["updatedNumberScheduled"] = nodes,
            ["numberMisscheduled"] = 0,
            ["numberReady"] = healthy ? nodes : 0,
            ["numberAvailable"] = healthy ? nodes : 0,
        };
        if (!healthy)
        {
            status["numberUnavailable"] = nodes;
        }

        return status;
    }

    private static JsonObject Condition(string type, bool status, string reason, string now) => new()
    {
        ["type"] = type,
        ["status"] = status ? "True" : "False",
        ["reason"] = reason,
        ["lastUpdateTime"] = now,
        ["lastTransitionTime"] = now,
    };
}
