using System.Net;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>
/// Makes requests fail the way a busy or racing API server does. A rule matches a verb
/// (get, list, watch, create, update, patch, delete; "*" for any) and a resource plural ("deployments"; "*" for any),
/// optionally one object name, and answers with a Status of the given code.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<FaultRule> _rules = [];

    /// <summary>Fails the next <paramref name="count"/> matching requests, then lets them through.</summary>
    public void FailNext(string verb, string resource, HttpStatusCode status, int count = 1, string? name = null)
    {
        lock (_gate)
        {
            _rules.Add(new FaultRule(verb, resource, name, status, count));
        }
    }

    /// <summary>Fails every matching request until <see cref="Clear"/>.</summary>
    public void FailAll(string verb, string resource, HttpStatusCode status, string? name = null)
    {
        lock (_gate)
        {
            _rules.Add(new FaultRule(verb, resource, name, status, Remaining: null));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    internal KubeApiException? TakeFault(KubeRequest request)
    {
        lock (_gate)
        {
            var index = _rules.FindIndex(r => r.Matches(request));
            if (index < 0)
            {
                return null;
            }

            var rule = _rules[index];
            if (rule.Remaining is { } remaining)
            {
                _rules[index] = rule with { Remaining = remaining - 1 };
                if (remaining <= 1)
                {
                    _rules.RemoveAt(index);
                }
            }

            return Failure(rule.Status, request);
        }
    }

    private static KubeApiException Failure(HttpStatusCode status, KubeRequest request) => status switch
    {
        HttpStatusCode.Conflict => KubeApiException.Conflict(request.Resource, request.Name ?? ""),
        HttpStatusCode.NotFound => KubeApiException.NotFound(request.Resource, request.Name ?? ""),
        HttpStatusCode.Gone => KubeApiException.Expired(0, 0),
        HttpStatusCode.TooManyRequests => new(status, "TooManyRequests", "the server has received too many requests and has asked us to try again later"),
        HttpStatusCode.ServiceUnavailable => new(status, "ServiceUnavailable", "the server is currently unable to handle the request"),
        HttpStatusCode.GatewayTimeout => new(status, "Timeout", "the server was unable to return a response in the time allotted"),
        _ => new(status, "InternalError", $"an error on the server (injected {(int)status}) has prevented the request from succeeding"),
    };
}
