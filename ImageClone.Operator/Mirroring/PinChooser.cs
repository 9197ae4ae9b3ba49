using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <summary>
/// Chooses the exact manifest a rewrite pins, so that it never names less than the source tag's whole content:
/// <list type="bullet">
/// <item>the digest the source tag names now (the index of a multi-arch image), when the running pods run it or any part
/// of it (its digest, a platform child's digest, or a child's config ID);</item>
/// <item>the digest the pods run when the tag has moved on, only if it is an index, or an image of the one platform every
/// node the workload can run on has; otherwise what the tag names now, said in the note;</item>
/// <item>when the source no longer gives the tag, the mirror's copy of the tag if it holds what the pods run, else what
/// the pods run by the same rules; nothing when that is one platform and the workload can run on others.</item>
/// </list>
/// </summary>
internal sealed class PinChooser(IManifestReader reader, TagDigests tags)
{
    public async Task<PinChoice> ChooseAsync(WorkloadSnapshot snapshot, ContainerImage image, ImageReference source, ImageReference target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(source);
        var running = snapshot.RunningImageIds.GetValueOrDefault(image.ContainerName);
        if (source.Digest is { } written)
        {
            return await WrittenDigestAsync(snapshot, source, written, running, cancellationToken);
        }

        return await tags.DigestAsync(source, snapshot.PullCredentials, cancellationToken) is { } tagDigest
            ? await AgainstTagAsync(snapshot, source, target, tagDigest, running, cancellationToken)
            : await WithoutSourceTagAsync(snapshot, source, target, running, cancellationToken);
    }

    /// <summary>The workload names a digest itself: that is copied; the target tag follows only when the source tag names the same.</summary>
    private async Task<PinChoice> WrittenDigestAsync(WorkloadSnapshot snapshot, ImageReference source, string written, IReadOnlyList<RunningImageId>? running, CancellationToken cancellationToken)
    {
        var podsRunIt = running is [{ IsConfig: false } only] && only.Digest == written;
        var tagNamesIt = source.Tag is not null
            && await tags.DigestAsync(source.WithDigest(null), snapshot.PullCredentials, cancellationToken) == written;
        return new PinChoice(source, CheckSourceAccess: !podsRunIt, TagTarget: tagNamesIt);
    }

    private async Task<PinChoice> AgainstTagAsync(WorkloadSnapshot snapshot, ImageReference source, ImageReference target, string tagDigest, IReadOnlyList<RunningImageId>? running, CancellationToken cancellationToken)
    {
        var tagPin = new PinChoice(source.WithDigest(tagDigest), CheckSourceAccess: false, TagTarget: true);
        switch (running)
        {
            case null: // nothing runs it, so pinning what the tag names changes nothing that runs
                return tagPin;
            case []:
                return tagPin with { Note = $"the running pods report no usable image ID; pinned what {source} names now" };
            case var ids when ids.All(id => !id.IsConfig && id.Digest == tagDigest):
                return tagPin;
        }

        var tree = await reader.ReadAsync(source.WithDigest(tagDigest), snapshot.PullCredentials, cancellationToken);
        var foreign = tree is null ? running : await OutsideAsync(source, tree, running, snapshot.PullCredentials, cancellationToken);
        if (foreign.Count == 0)
        {
            return tagPin;
        }

        if (running is not [{ IsConfig: false } moved])
        {
            return tagPin with { Note = $"the running pods report {string.Join(", ", running)}, not all of what {source} names now; pinned what it names now" };
        }

        // The tag has moved on: the pods run a manifest the tag no longer names.
        var (movedTree, from) = await FindAsync(source.WithDigest(moved.Digest), target.WithDigest(moved.Digest), snapshot.PullCredentials, cancellationToken);
        var keep = await KeepRunningAsync(snapshot, source.WithDigest(moved.Digest), movedTree, from, cancellationToken);
        return keep.Safe
            ? new PinChoice(source.WithDigest(moved.Digest), CheckSourceAccess: false, TagTarget: false,
                Note: $"{source} now names {tagDigest}; kept {moved.Digest}, which the pods run: {keep.What}")
            : tagPin with { Note = $"the pods run {moved.Digest}, which {source} no longer names: {keep.What}; pinned what it names now" };
    }

    /// <summary>The source refuses the tag (gone, or not for these credentials): only what the pods run may be pinned.</summary>
    private async Task<PinChoice> WithoutSourceTagAsync(WorkloadSnapshot snapshot, ImageReference source, ImageReference target, IReadOnlyList<RunningImageId>? running, CancellationToken cancellationToken)
    {
        var asWritten = new PinChoice(source, CheckSourceAccess: true, TagTarget: true);
        if (running is null or [])
        {
            return asWritten;
        }

        if (target.Tag is not null && await reader.ReadAsync(target, null, cancellationToken) is { } mirrored
            && (await OutsideAsync(target, mirrored, running, null, cancellationToken)).Count == 0)
        {
            var note = running.All(id => !id.IsConfig && id.Digest == mirrored.Digest)
                ? null
                : $"{source} is gone from its registry; pinned the mirror's copy of it, {mirrored.Digest}, which holds what the pods run";
            return new PinChoice(source.WithDigest(mirrored.Digest), CheckSourceAccess: false, TagTarget: true, note);
        }

        if (running is not [{ IsConfig: false } only])
        {
            return asWritten;
        }

        var pinned = source.WithDigest(only.Digest);
        var (tree, from) = await FindAsync(pinned, target.WithDigest(only.Digest), snapshot.PullCredentials, cancellationToken);
        if (tree is null)
        {
            return asWritten;
        }

        var keep = await KeepRunningAsync(snapshot, pinned, tree, from, cancellationToken);
        return keep.Safe
            ? new PinChoice(pinned, CheckSourceAccess: false, TagTarget: false, Note: $"{source} is gone from its registry; kept {only.Digest}, which the pods run: {keep.What}")
            : asWritten with { Refusal = $"{source} is gone from its registry and the pods run {only.Digest}: {keep.What}" };
    }

    /// <summary>Whether pinning a manifest the tag does not name keeps every node able to run the workload.</summary>
    private async Task<(bool Safe, string What)> KeepRunningAsync(WorkloadSnapshot snapshot, ImageReference pinned, ImageTree? tree, (ImageReference Reference, IRegistryCredentials? Credentials)? from, CancellationToken cancellationToken)
    {
        if (tree is null || from is not { } place)
        {
            return (false, "neither the source nor the mirror has that manifest");
        }

        if (tree.IsIndex)
        {
            return (true, "an index, with every platform");
        }

        var platform = await reader.PlatformAsync(place.Reference, place.Credentials, cancellationToken);
        var nodes = await snapshot.NodePlatforms(cancellationToken);
        if (platform is null)
        {
            return (false, "an image whose platform could not be read");
        }

        var others = nodes.Where(node => !platform.RunsOn(node)).Select(node => node.ToString()).Distinct().Order(StringComparer.Ordinal).ToList();
        return nodes.Count > 0 && others.Count == 0
            ? (true, $"a {platform} image, and every node the workload can run on is {platform}")
            : (false, nodes.Count == 0
                ? $"a {platform} image, and no node it can run on is known"
                : $"a {platform} image, and the workload can run on {string.Join(", ", others)} nodes too");
    }

    /// <summary>A manifest by digest: from the source with the workload's credentials, else from the mirror.</summary>
    private async Task<(ImageTree? Tree, (ImageReference Reference, IRegistryCredentials? Credentials)? From)> FindAsync(
        ImageReference atSource, ImageReference? inMirror, IRegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(atSource, credentials, cancellationToken) is { } tree)
        {
            return (tree, (atSource, credentials));
        }

        if (inMirror is not null && await reader.ReadAsync(inMirror, null, cancellationToken) is { } mirrored)
        {
            return (mirrored, (inMirror, null));
        }

        return (null, null);
    }

    /// <summary>The running IDs that are not <paramref name="tree"/>, one of its children, or one of their configs.</summary>
    private async Task<IReadOnlyList<RunningImageId>> OutsideAsync(ImageReference image, ImageTree tree, IReadOnlyList<RunningImageId> running, IRegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var outside = running.Where(id => id.IsConfig || !tree.Contains(id.Digest)).ToList();
        if (!outside.Any(id => id.IsConfig))
        {
            return outside;
        }

        var configs = await reader.ConfigDigestsAsync(image.WithDigest(tree.Digest), tree, credentials, cancellationToken);
        return [.. outside.Where(id => !id.IsConfig || !configs.Contains(id.Digest))];
    }
}
