namespace ImageClone.Tests.Support.FakeKube;

/// <summary>A resource request as the API server's request-info resolver sees it.</summary>
internal sealed record KubeRequest(string Verb, KubeResource Resource, string? Namespace, string? Name, string? Subresource)
{
    public string RbacResource => Subresource is null ? Resource.Plural : $"{Resource.Plural}/{Subresource}";
}
