namespace ImageClone.Mirroring;

public static class WorkloadKey
{
    public static string Of(WorkloadKind kind, string @namespace, string name) => $"{kind}/{@namespace}/{name}";
}
