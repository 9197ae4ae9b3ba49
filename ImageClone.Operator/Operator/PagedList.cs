using k8s.Models;

namespace ImageClone.Operator;

/// <summary>
/// A whole list read in pages of <c>limit</c> objects, following <c>continue</c> as client-go's pager does, so a
/// relist of thousands of workloads is not one huge answer; every page belongs to the first page's snapshot, and
/// the last page's resourceVersion is where the watch starts.
/// </summary>
internal static class PagedList
{
    public static async Task<EntityList<TEntity>> AllAsync<TEntity>(
        Func<string?, CancellationToken, Task<(IList<TEntity> Items, V1ListMeta Metadata)>> page, CancellationToken cancellationToken)
    {
        var items = new List<TEntity>();
        string? next = null;
        string resourceVersion;
        do
        {
            var (pageItems, metadata) = await page(next, cancellationToken);
            items.AddRange(pageItems);
            resourceVersion = metadata.ResourceVersion;
            next = metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(next));

        return new EntityList<TEntity>(items, resourceVersion);
    }
}
