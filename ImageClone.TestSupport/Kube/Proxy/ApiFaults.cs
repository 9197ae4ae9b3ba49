using System.Net;

namespace ImageClone.Tests.Support.Kube.Proxy;

/// <summary>
/// Faults the real apiserver does not make on demand: a rule matches a verb (get, list, watch, create, update,
/// patch, delete; "*" for any), a resource plural ("*" for any), optionally one object name and one user, and answers with a
/// Status of the given code instead of forwarding, or forwards after a delay.
/// </summary>
public sealed class ApiFaults
{
    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];

    /// <summary>The status <see cref="Take"/> gives for a request whose connection is to be reset.</summary>
    internal const HttpStatusCode ResetConnection = 0;

    /// <summary>Fails the next <paramref name="count"/> matching requests, then lets them through.</summary>
    public void FailNext(string verb, string resource, HttpStatusCode status, int count = 1, string? name = null) =>
        Add(new Rule(verb, resource, name, status, null, count));

    /// <summary>Fails every matching request until <see cref="Clear"/>.</summary>
    public void FailAll(string verb, string resource, HttpStatusCode status, string? name = null) =>
        Add(new Rule(verb, resource, name, status, null, null));

    /// <summary>Holds every matching request for <paramref name="delay"/> before forwarding it, until <see cref="Clear"/>.</summary>
    public void Slow(string verb, string resource, TimeSpan delay) => Add(new Rule(verb, resource, null, null, delay, null));

    /// <summary>Resets the connection of the next <paramref name="count"/> matching requests without an answer, as an API server going down does.</summary>
    public void ResetNext(string verb, string resource, int count) => Add(new Rule(verb, resource, null, ResetConnection, null, count));

    /// <summary>
    /// Resets the connection of every matching request until <see cref="Clear"/>: of one <paramref name="user"/>'s
    /// only (a replica cut off from the API server while others reach it), or of everyone's.
    /// </summary>
    public void ResetAll(string verb, string resource, string? user = null) => Add(new Rule(verb, resource, null, ResetConnection, null, null, user));

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    internal (HttpStatusCode? Status, TimeSpan Delay) Take(ApiRequest request)
    {
        lock (_gate)
        {
            var delay = _rules.Where(r => r.Delay is not null && r.Matches(request)).Select(r => r.Delay!.Value).DefaultIfEmpty().Max();
            var index = _rules.FindIndex(r => r.Status is not null && r.Matches(request));
            if (index < 0)
            {
                return (null, delay);
            }

            var rule = _rules[index];
            if (rule.Remaining is { } remaining)
            {
                if (remaining <= 1)
                {
                    _rules.RemoveAt(index);
                }
                else
                {
                    _rules[index] = rule with { Remaining = remaining - 1 };
                }
            }

            return (rule.Status, delay);
        }
    }

    internal static string StatusBody(HttpStatusCode status, ApiRequest request)
    {
        var (reason, message) = status switch
        {
            HttpStatusCode.Conflict => ("Conflict", $"Operation cannot be fulfilled on {request.Resource} \\\"{request.Name}\\\": the object has been modified; please apply your changes to the latest version and try again"),
            HttpStatusCode.NotFound => ("NotFound", $"{request.Resource} \\\"{request.Name}\\\" not found"),
            HttpStatusCode.Gone => ("Expired", "too old resource version"),
            HttpStatusCode.TooManyRequests => ("TooManyRequests", "the server has received too many requests and has asked us to try again later"),
            HttpStatusCode.ServiceUnavailable => ("ServiceUnavailable", "the server is currently unable to handle the request"),
            HttpStatusCode.GatewayTimeout => ("Timeout", "the server was unable to return a response in the time allotted"),
            _ => ("InternalError", $"an error on the server (injected {(int)status}) has prevented the request from succeeding"),
        };
        return $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{{}},\"status\":\"Failure\",\"message\":\"{message}\",\"reason\":\"{reason}\",\"code\":{(int)status}}}";
    }

    private void Add(Rule rule)
    {
        lock (_gate)
        {
            _rules.Add(rule);
        }
    }

    private sealed record Rule(string Verb, string Resource, string? Name, HttpStatusCode? Status, TimeSpan? Delay, int? Remaining, string? User = null)
    {
        public bool Matches(ApiRequest request) =>
            (Verb == "*" || Verb == request.Verb) && (Resource == "*" || Resource == request.Resource) && (Name is null || Name == request.Name)
            && (User is null || User == request.User);
    }
}
