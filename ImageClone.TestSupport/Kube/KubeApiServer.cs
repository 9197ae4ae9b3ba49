using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;

namespace ImageClone.Tests.Support.Kube;

/// <summary>
/// One upstream kube-apiserver on a loopback TLS port: RBAC, the static token file, no ServiceAccount admission
/// (no token controller), no endpoint reconciler. With <c>watchCache: false</c> a watch from a compacted
/// resourceVersion answers 410, as the issue's recipe needs; production's default keeps the cache on.
/// </summary>
internal sealed class KubeApiServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Func<ComponentProcess> _start;
    private readonly ControlPlanePki _pki;
    private readonly string _tokenFile;
    private ComponentProcess _process;

    private KubeApiServer(Func<ComponentProcess> start, Uri url, ControlPlanePki pki, string tokenFile)
    {
        _start = start;
        _process = start();
        _pki = pki;
        _tokenFile = tokenFile;
        Url = url;
    }

    public Uri Url { get; }

    public string Name => _process.Name;

    public static async Task<KubeApiServer> StartAsync(string name, string binaries, string directory, Etcd etcd, ControlPlanePki pki, string tokenFile, bool watchCache)
    {
        var port = FreePort.Next();
        var certDirectory = Directory.CreateDirectory(Path.Combine(directory, $"{name}-certs")).FullName;
        string[] arguments =
        [
            $"--etcd-servers={etcd.ClientUrl.GetLeftPart(UriPartial.Authority)}",
            "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", $"--secure-port={port}", $"--cert-dir={certDirectory}",
            $"--tls-cert-file={pki.ServingCertFile}", $"--tls-private-key-file={pki.ServingKeyFile}",
            $"--token-auth-file={tokenFile}", "--authorization-mode=RBAC",
            $"--service-account-key-file={pki.ServiceAccountPublicKeyFile}",
            $"--service-account-signing-key-file={pki.ServiceAccountKeyFile}",
            "--service-account-issuer=https://kubernetes.default.svc",
            "--service-cluster-ip-range=10.96.0.0/16",
            "--disable-admission-plugins=ServiceAccount", "--endpoint-reconciler-type=none",
            "--max-requests-inflight=800", "--max-mutating-requests-inflight=400",
            $"--watch-cache={(watchCache ? "true" : "false")}",
            "--logtostderr=true", "--v=0",
        ];
        var binary = Path.Combine(binaries, "kube-apiserver");
        var server = new KubeApiServer(() => ComponentProcess.Start(name, binary, directory, arguments), new Uri($"https://127.0.0.1:{port}/"), pki, tokenFile);
        await server.WaitUntilReadyAsync(pki, tokenFile);
        return server;
    }

    /// <summary>
    /// Kills the process and starts it again on the same port and etcd, as an upgrade or a crash of the only apiserver
    /// does: every open connection and watch breaks, and requests are refused until it is ready again.
    /// </summary>
    public async Task RestartAsync()
    {
        await _process.DisposeAsync();
        _process = _start();
        await WaitUntilReadyAsync(_pki, _tokenFile);
    }

    /// <summary>Kills the process (TERM would wait up to 60 s for open watches).</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task WaitUntilReadyAsync(ControlPlanePki pki, string tokenFile)
    {
        var adminToken = File.ReadLines(tokenFile).First(l => l.Contains($",{ControlPlaneUsers.Admin},", StringComparison.Ordinal)).Split(',')[0];
        using var http = TrustingClient(pki.CaPem);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        var waited = Stopwatch.StartNew();
        var last = "no answer";
        while (waited.Elapsed < StartTimeout && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Url, "readyz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException)
            {
                last = "timeout";
            }

            await Task.Delay(250);
        }

        var tail = _process.Tail(30);
        await DisposeAsync();
        throw new InvalidOperationException($"Test control plane: {Name} did not become ready on {Url} within {StartTimeout.TotalSeconds} s (last: {last}):\n{tail}");
    }

    internal static HttpClient TrustingClient(string caPem)
    {
        var ca = X509Certificate2.CreateFromPem(caPem);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
    }
}
