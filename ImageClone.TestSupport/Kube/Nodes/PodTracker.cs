using k8s.Models;

namespace ImageClone.Tests.Support.Kube.Nodes;

/// <summary>The node agent's view of one pod: the latest object seen, and whether its containers are being started.</summary>
internal sealed class PodTracker(V1Pod pod)
{
    private readonly Lock _gate = new();
    private V1Pod _latest = pod;
    private bool _running;

    public V1Pod Latest
    {
        get { lock (_gate) { return _latest; } }
        set { lock (_gate) { _latest = value; } }
    }

    public bool Gone { get; set; }

    public bool ForceDeleted { get; set; }

    /// <summary>The container images last started (null until the pod ran).</summary>
    public string? StartedSignature { get; set; }

    /// <summary>True when the caller should start the pod's loop (it is not running yet).</summary>
    public bool TryClaim()
    {
        lock (_gate)
        {
            if (_running)
            {
                return false;
            }

            _running = true;
            return true;
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _running = false;
        }
    }

    public static string Signature(V1Pod pod) =>
        string.Join('|', (pod.Spec.InitContainers ?? []).Concat(pod.Spec.Containers ?? []).Select(c => $"{c.Name}={c.Image}"));
}
