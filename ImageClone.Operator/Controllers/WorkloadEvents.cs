using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// Records core v1 Events on a workload, as source component <c>imageclone</c>. An event repeated within
/// <see cref="RepeatWindow"/> bumps the count (and takes the latest message) of the first one instead of adding
/// another. Repeats are told by a stable key: the object, type and reason, plus the container named in the message
/// for the reasons that speak of one container's image (<see cref="PerImageReasons"/>); so a message carrying
/// changing counts, causes or a rollout's progress does not make each repeat a new Event object. Recording is best effort:
/// any failure (a refusal, a network error, a timeout) is logged and never thrown, so it cannot fail a reconcile whose
/// write already happened; only the reconcile's own cancellation propagates.
/// </summary>
internal sealed partial class WorkloadEvents(IKubernetes client, TimeProvider time, ILogger<WorkloadEvents> logger)
{
    public const string Component = "imageclone";
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromMinutes(10);
    private const int MaxNamePrefix = 200;
    private const int PruneThreshold = 1024;

    private static readonly HashSet<string> PerImageReasons =
    [
        WorkloadEventReasons.ImageCopied, WorkloadEventReasons.CopyFailed, WorkloadEventReasons.InvalidImage,
        WorkloadEventReasons.CopyRestored, WorkloadEventReasons.CopyMissing,
    ];

    private readonly ConcurrentDictionary<string, RecordedEvent> _recent = new(StringComparer.Ordinal);

    public Task NormalAsync(Workload workload, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(workload, "Normal", reason, message, cancellationToken);

    public Task WarningAsync(Workload workload, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(workload, "Warning", reason, message, cancellationToken);

    private async Task RecordAsync(Workload workload, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var key = string.Join('\n', workload.Metadata.Uid ?? workload.Key, type, reason, PerImageReasons.Contains(reason) ? ContainerNamed(message) : "");
        var now = time.GetUtcNow();
        try
        {
            if (_recent.TryGetValue(key, out var earlier) && now - earlier.LastSeen < RepeatWindow
                && await TryCountRepeatAsync(workload, earlier, message, now, cancellationToken) is { } repeated)
            {
                _recent[key] = repeated;
                return;
            }

            var created = await client.CoreV1.CreateNamespacedEventAsync(NewEvent(workload, type, reason, message, now), workload.Namespace, cancellationToken: cancellationToken);
            _recent[key] = new RecordedEvent(created.Metadata.Name, 1, now);
            if (_recent.Count > PruneThreshold)
            {
                Prune(now);
            }
        }
        catch (HttpOperationException e)
        {
            LogEventRefused(workload.Key, reason, (int)e.Response.StatusCode);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogEventFailed(workload.Key, reason, e.GetType().Name, e.Message);
        }
    }

    private async Task<RecordedEvent?> TryCountRepeatAsync(Workload workload, RecordedEvent earlier, string message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = earlier.Count + 1;
        var patch = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["count"] = count,
            ["message"] = message,
            ["lastTimestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        });
        try
        {
            await client.CoreV1.PatchNamespacedEventAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), earlier.Name, workload.Namespace, cancellationToken: cancellationToken);
            return earlier with { Count = count, LastSeen = now };
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static Corev1Event NewEvent(Workload workload, string type, string reason, string message, DateTimeOffset now)
    {
        var prefix = workload.Name.Length > MaxNamePrefix ? workload.Name[..MaxNamePrefix] : workload.Name;
        return new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = $"{prefix}.{Guid.NewGuid():N}", NamespaceProperty = workload.Namespace },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = workload.ApiVersion,
                Kind = workload.Kind.ToString(),
                Name = workload.Name,
                NamespaceProperty = workload.Namespace,
                Uid = workload.Metadata.Uid,
                ResourceVersion = workload.Metadata.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message,
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
            ReportingInstance = Environment.MachineName,
            FirstTimestamp = now.UtcDateTime,
            LastTimestamp = now.UtcDateTime,
            Count = 1,
        };
    }

    /// <summary>"container NAME" as every per-image message says it; the whole message if one ever does not.</summary>
    private static string ContainerNamed(string message) =>
        ContainerInMessage().Match(message) is { Success: true } found ? found.Value : message;

    [System.Text.RegularExpressions.GeneratedRegex(@"\bcontainer \S+")]
    private static partial System.Text.RegularExpressions.Regex ContainerInMessage();

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, recorded) in _recent)
        {
            if (now - recorded.LastSeen >= RepeatWindow)
            {
                _recent.TryRemove(key, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record event {Reason} on {Workload}: HTTP {Status}")]
    private partial void LogEventRefused(string workload, string reason, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record event {Reason} on {Workload}: {ErrorType}: {Error}")]
    private partial void LogEventFailed(string workload, string reason, string errorType, string error);

    private sealed record RecordedEvent(string Name, int Count, DateTimeOffset LastSeen);
}
