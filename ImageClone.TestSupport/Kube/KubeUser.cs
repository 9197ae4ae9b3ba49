namespace ImageClone.Tests.Support.Kube;

/// <summary>One identity of the static token file: a label for tests and logs, the user name RBAC sees, its token and groups.</summary>
internal sealed record KubeUser(string Label, string Name, string Token, IReadOnlyList<string> Groups);
