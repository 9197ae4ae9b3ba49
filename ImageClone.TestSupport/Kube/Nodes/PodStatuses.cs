using k8s.Models;

namespace ImageClone.Tests.Support.Kube.Nodes;

/// <summary>The pod status a kubelet writes for the outcomes of a pod's containers.</summary>
internal static class PodStatuses
{
    /// <param name="readinessFailing">the containers run but their readiness probe fails (a test holding the rollout)</param>
    public static V1PodStatus For(V1Pod pod, IReadOnlyList<ContainerOutcome> outcomes, ContainerRuntime runtime, string hostIp, string podIp, bool readinessFailing, DateTime now)
    {
        var init = outcomes.Where(o => o.IsInit).ToList();
        var main = outcomes.Where(o => !o.IsInit).ToList();
        var initialized = init.All(o => o is ContainerOutcome.Started);
        var mainStatuses = main.Select(o => initialized ? Status(o, runtime, now) : Waiting(o, "PodInitializing", null, now))
            .Select(s => readinessFailing ? s.WithReady(false) : s).ToList();
        var ready = initialized && main.All(o => o is ContainerOutcome.Started) && !readinessFailing;
        var phase = initialized && main.Any(o => o is not ContainerOutcome.PullFailed) ? "Running" : "Pending";
        return new V1PodStatus
        {
            Phase = phase,
            HostIP = hostIp,
            PodIP = podIp,
            PodIPs = [new V1PodIP { Ip = podIp }],
            StartTime = pod.Status?.StartTime ?? now,
            QosClass = pod.Status?.QosClass ?? "BestEffort",
            Conditions =
            [
                Condition("Initialized", initialized, initialized ? null : "ContainersNotInitialized", now),
                Condition("Ready", ready, ready ? null : "ContainersNotReady", now),
                Condition("ContainersReady", ready, ready ? null : "ContainersNotReady", now),
                Condition("PodScheduled", true, null, now),
            ],
            InitContainerStatuses = init.Count == 0 ? null : [.. init.Select(o => Status(o, runtime, now))],
            ContainerStatuses = mainStatuses,
        };
    }

    private static V1ContainerStatus Status(ContainerOutcome outcome, ContainerRuntime runtime, DateTime now) => outcome switch
    {
        ContainerOutcome.Started { IsInit: true } started => new V1ContainerStatus
        {
            Name = started.Name, Image = started.Image, ImageID = started.Pulled.ImageId(runtime), Ready = true, RestartCount = 0,
            State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed", StartedAt = now, FinishedAt = now, ContainerID = ContainerId(started) } },
        },
        ContainerOutcome.Started started => new V1ContainerStatus
        {
            Name = started.Name, Image = started.Image, ImageID = started.Pulled.ImageId(runtime), Ready = true, Started = true, RestartCount = 0,
            ContainerID = ContainerId(started),
            State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = now } },
        },
        ContainerOutcome.PullFailed failed => Waiting(failed, failed.BackingOff ? "ImagePullBackOff" : "ErrImagePull",
            failed.BackingOff ? $"Back-off pulling image \"{failed.Image}\"" : failed.Message, now),
        ContainerOutcome.WrongArchitecture wrong => new V1ContainerStatus
        {
            Name = wrong.Name, Image = wrong.Image, ImageID = wrong.Pulled.ImageId(runtime), Ready = false, Started = false, RestartCount = 1,
            State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = $"back-off 10s restarting failed container={wrong.Name}" } },
            LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, Reason = "Error", Message = "exec format error", StartedAt = now, FinishedAt = now } },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    private static V1ContainerStatus WithReady(this V1ContainerStatus status, bool ready)
    {
        status.Ready = ready;
        return status;
    }

    private static V1ContainerStatus Waiting(ContainerOutcome outcome, string reason, string? message, DateTime now) => new()
    {
        Name = outcome.Name, Image = outcome.Image, ImageID = "", Ready = false, Started = false, RestartCount = 0,
        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } },
    };

    private static V1PodCondition Condition(string type, bool status, string? reason, DateTime now) =>
        new() { Type = type, Status = status ? "True" : "False", Reason = reason, LastTransitionTime = now };

    private static string ContainerId(ContainerOutcome.Started started) => $"containerd://{started.Pulled.ConfigDigest[7..]}";
}
