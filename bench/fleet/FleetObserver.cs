using System.Diagnostics;
using ImageClone.Tests.Support;
using ImageClone.Tests.Support.Kube.Proxy;

namespace ImageClone.Bench.Fleet;

/// <summary>
/// Follows the API proxy's and the target registry proxy's request records while the operator runs and notes when
/// the last workload got its write and when the last image copy finished (its manifest PUT), to within one poll.
/// </summary>
internal sealed class FleetObserver(KubeApiProxy api, RegistryProxy target, string operatorUser, string mirrorPath)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly HashSet<(string?, string?, string?)> _written = [];
    private readonly HashSet<string> _copied = new(StringComparer.Ordinal);
    private int _apiSeen;
    private int _proxySeen;
    private int _writtenCount;

    public TimeSpan? LastWriteAt { get; private set; }

    public TimeSpan? LastCopyAt { get; private set; }

    /// <summary>How many workloads have had their write so far (as of the last poll).</summary>
    public int WrittenCount => Volatile.Read(ref _writtenCount);

    /// <summary>
    /// Polls until every workload was written — its write answered with success, or (<paramref name="allOnMirror"/>) the
    /// cluster holds it rewritten, as after an apiserver restart that lost a write's answer — or <paramref name="timeout"/>
    /// passes (then returns false).
    /// </summary>
    public async Task<bool> WaitForWritesAsync(Stopwatch clock, int workloads, int images, TimeSpan timeout, Func<bool> allOnMirror)
    {
        while (clock.Elapsed < timeout)
        {
            Poll(clock.Elapsed, images);
            if (_written.Count >= workloads || allOnMirror())
            {
                LastWriteAt = clock.Elapsed;
                return true;
            }

            await Task.Delay(PollInterval);
        }

        return false;
    }

    private void Poll(TimeSpan now, int images)
    {
        var requests = api.Requests;
        for (; _apiSeen < requests.Count; _apiSeen++)
        {
            var request = requests[_apiSeen];
            if (FleetFigures.IsWorkloadWrite(request, operatorUser) && request.StatusCode < 300)
            {
                _written.Add((request.Resource, request.Namespace, request.Name));
                Volatile.Write(ref _writtenCount, _written.Count);
            }
        }

        var proxied = target.Requests;
        for (; _proxySeen < proxied.Count; _proxySeen++)
        {
            if (FleetFigures.IsManifestPut(proxied[_proxySeen], mirrorPath) && _copied.Add(FleetFigures.RepositoryOf(proxied[_proxySeen].Path)) && _copied.Count >= images)
            {
                LastCopyAt = now;
            }
        }
    }
}
