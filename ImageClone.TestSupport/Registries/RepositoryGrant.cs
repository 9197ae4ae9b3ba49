namespace ImageClone.Tests.Support;

/// <summary>One entry of a token's access list: the actions granted on one repository.</summary>
internal sealed record RepositoryGrant(string Repository, IReadOnlyList<string> Actions)
{
    /// <summary>Grants the requested actions of a "repository:name:actions" scope that <paramref name="allowed"/> permits; null for other scope types.</summary>
    public static RepositoryGrant? FromScope(string scope, IReadOnlySet<string> allowed)
    {
        var first = scope.IndexOf(':', StringComparison.Ordinal);
        var last = scope.LastIndexOf(':');
        if (first <= 0 || last <= first || scope[..first] != "repository")
        {
            return null;
        }
        var actions = scope[(last + 1)..].Split(',').Where(allowed.Contains).Distinct().ToList();
        return new RepositoryGrant(scope[(first + 1)..last], actions);
    }
}
