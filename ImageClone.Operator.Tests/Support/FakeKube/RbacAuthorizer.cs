using System.Collections.Concurrent;
using k8s.Models;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>Bearer token to user, and each user's rules as the RBAC authorizer evaluates them; a user without rules may do anything.</summary>
internal sealed class RbacAuthorizer
{
    private readonly ConcurrentDictionary<string, string> _usersByToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<V1PolicyRule>?> _rulesByUser = new(StringComparer.Ordinal);

    public void AddUser(string user, string token, IReadOnlyList<V1PolicyRule>? rules)
    {
        _usersByToken[token] = user;
        _rulesByUser[user] = rules;
    }

    public string? TokenOf(string user) => _usersByToken.FirstOrDefault(p => p.Value == user).Key;

    public string? Authenticate(string? authorizationHeader)
    {
        const string Bearer = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return _usersByToken.TryGetValue(authorizationHeader[Bearer.Length..].Trim(), out var user) ? user : null;
    }

    public bool IsAllowed(string user, KubeRequest request)
    {
        var rules = _rulesByUser.GetValueOrDefault(user);
        return rules is null || rules.Any(rule => Allows(rule, request));
    }

    private static bool Allows(V1PolicyRule rule, KubeRequest request) =>
        Covers(rule.Verbs, request.Verb)
        && Covers(rule.ApiGroups, request.Resource.Group)
        && Covers(rule.Resources, request.RbacResource)
        && (rule.ResourceNames is not { Count: > 0 } || (request.Name is not null && rule.ResourceNames.Contains(request.Name)));

    private static bool Covers(IList<string>? allowed, string wanted) =>
        allowed is not null && (allowed.Contains("*") || allowed.Contains(wanted));
}
