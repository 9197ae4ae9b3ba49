using System.Net;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>One injected failure: which requests it matches, the status it answers, and how many more times (null: until cleared).</summary>
internal sealed record FaultRule(string Verb, string Resource, string? Name, HttpStatusCode Status, int? Remaining)
{
    public bool Matches(KubeRequest request) =>
        (Verb == "*" || Verb == request.Verb)
        && (Resource == "*" || Resource == request.Resource.Plural)
        && (Name is null || Name == request.Name);
}
