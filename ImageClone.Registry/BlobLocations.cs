using System.Collections.Concurrent;

namespace ImageClone.Registry;

/// <summary>Which repositories of a registry hold a blob, as seen by this process: the <c>from</c> of a cross-repository mount.</summary>
internal sealed class BlobLocations
{
    private readonly ConcurrentDictionary<(string Registry, string Digest), ConcurrentDictionary<string, bool>> _holders = new();

    public void Add(string registry, string repository, string digest) =>
        _holders.GetOrAdd((registry, digest), _ => new ConcurrentDictionary<string, bool>())[repository] = true;

    public string? HolderOtherThan(string registry, string repository, string digest) =>
        _holders.TryGetValue((registry, digest), out var repositories)
            ? repositories.Keys.FirstOrDefault(holder => holder != repository)
            : null;
}
