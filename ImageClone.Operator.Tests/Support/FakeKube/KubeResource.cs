namespace ImageClone.Tests.Support.FakeKube;

/// <summary>One REST resource the fake API server serves, as discovery describes it.</summary>
internal sealed record KubeResource(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    bool HasStatus,
    params string[] ShortNames)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public bool TracksGeneration => Kind is "Deployment" or "DaemonSet";
}
