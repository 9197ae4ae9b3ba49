using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImageClone.Tests.Support;

/// <summary>
/// A Docker-style token server on a loopback port for distribution's auth.token: GET Realm?service=..&amp;scope=..,
/// anonymous (pull only, if allowed) or with Basic auth of a known user (pull and push); a wrong password gets 401.
/// </summary>
public sealed class TokenIssuer : IAsyncDisposable
{
    private static readonly IReadOnlySet<string> UserActions = new HashSet<string> { "pull", "push" };
    private static readonly IReadOnlySet<string> AnonymousActions = new HashSet<string> { "pull" };
    private static readonly IReadOnlySet<string> NoActions = new HashSet<string>();

    private readonly IReadOnlyDictionary<string, string> _users;
    private readonly bool _allowAnonymousPull;
    private readonly TimeSpan _tokenLifetime;
    private readonly RegistryTokenSigner _signer = new(TimeProvider.System);
    private readonly string _directory = Directory.CreateTempSubdirectory("imageclone-token-").FullName;
    private readonly ConcurrentQueue<string> _scopesRequested = new();
    private WebApplication? _app;
    private int _tokensIssued;

    private TokenIssuer(IReadOnlyDictionary<string, string> users, bool allowAnonymousPull, TimeSpan tokenLifetime)
    {
        _users = users;
        _allowAnonymousPull = allowAnonymousPull;
        _tokenLifetime = tokenLifetime;
        RootCertBundlePath = Path.Combine(_directory, "token-issuer.pem");
        File.WriteAllText(RootCertBundlePath, _signer.CertificatePem);
    }

    public Uri Realm { get; private set; } = null!;
    public string Service { get; } = "imageclone-test-registry";
    public string Issuer { get; } = "imageclone-test-token-issuer";
    public string RootCertBundlePath { get; }
    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    /// <summary>Every scope asked for, in order, whether granted or not (e.g. "repository:team/app:pull,push").</summary>
    public IReadOnlyList<string> ScopesRequested => [.. _scopesRequested];

    public static async Task<TokenIssuer> StartAsync(
        IReadOnlyDictionary<string, string> users, bool allowAnonymousPull = true, TimeSpan? tokenLifetime = null)
    {
        var issuer = new TokenIssuer(users, allowAnonymousPull, tokenLifetime ?? TimeSpan.FromMinutes(5));
        var app = await LoopbackServer.StartAsync(app => app.MapGet("/token", issuer.Issue));
        issuer._app = app;
        issuer.Realm = new Uri(app.BaseUri(), "/token");
        return issuer;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _signer.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private IResult Issue(HttpContext context)
    {
        var allowed = AllowedActions(context.Request.Headers.Authorization.ToString(), out var subject);
        if (allowed is null)
        {
            return Results.Unauthorized();
        }
        var service = context.Request.Query["service"].ToString();
        if (service.Length > 0 && service != Service)
        {
            return Results.BadRequest($"unknown service {service}");
        }
        var scopes = context.Request.Query["scope"].SelectMany(scope => (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        scopes.ForEach(_scopesRequested.Enqueue);
        var access = scopes
            .Select(scope => RepositoryGrant.FromScope(scope, allowed))
            .OfType<RepositoryGrant>()
            .ToList();
        var issuedAt = DateTimeOffset.UtcNow;
        var token = _signer.Sign(new RegistryTokenClaims(Issuer, subject, Service, issuedAt, _tokenLifetime, access));
        Interlocked.Increment(ref _tokensIssued);
        return Results.Json(new
        {
            token,
            access_token = token,
            expires_in = (int)_tokenLifetime.TotalSeconds,
            issued_at = issuedAt.ToString("O"),
        });
    }

    /// <returns>null when Basic credentials are given but wrong.</returns>
    private IReadOnlySet<string>? AllowedActions(string authorization, out string subject)
    {
        subject = "";
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return _allowAnonymousPull ? AnonymousActions : NoActions;
        }
        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim())).Split(':', 2);
        if (pair.Length != 2 || !_users.TryGetValue(pair[0], out var password) || password != pair[1])
        {
            return null;
        }
        subject = pair[0];
        return UserActions;
    }
}
