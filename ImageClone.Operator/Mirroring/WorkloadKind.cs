namespace ImageClone.Mirroring;

public enum WorkloadKind
{
    Deployment,
    DaemonSet,
    StatefulSet,
}
