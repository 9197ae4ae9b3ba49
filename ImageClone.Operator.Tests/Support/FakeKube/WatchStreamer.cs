using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>Serves `?watch=true`: one JSON event per line, flushed per event, bookmarks when idle, closed after timeoutSeconds.</summary>
internal sealed class WatchStreamer(ObjectStore store, TimeSpan bookmarkInterval)
{
    public ExpiredWatchReply ExpiredReply { get; set; } = ExpiredWatchReply.HttpGone;

    /// <summary>Subscribes before any byte is written, so a refused watch can still answer with an HTTP error.</summary>
    public WatchSubscription Open(HttpRequest http, KubeRequest request)
    {
        var filter = new ObjectFilter(request.Namespace, http.Query["fieldSelector"], http.Query["labelSelector"]);
        var bookmarks = http.Query["allowWatchBookmarks"].ToString() is "true" or "1";
        var from = ResourceVersionOf(http.Query["resourceVersion"].ToString());
        try
        {
            return store.Watch(request.Resource, filter, from, bookmarks);
        }
        catch (KubeApiException expired) when (expired.Code == HttpStatusCode.Gone && ExpiredReply == ExpiredWatchReply.ErrorEvent)
        {
            var refused = new WatchSubscription(request.Resource, filter, bookmarks);
            refused.Fail(expired);
            return refused;
        }
    }

    public async Task StreamAsync(HttpContext context, WatchSubscription subscription)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, subscription.Dropped);
        if (int.TryParse(context.Request.Query["timeoutSeconds"], out var seconds) && seconds > 0)
        {
            ended.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        try
        {
            await context.Response.StartAsync(ended.Token);
            await context.Response.Body.FlushAsync(ended.Token);
            while (await NextLinesAsync(subscription, ended.Token))
            {
                while (subscription.Lines.TryRead(out var line))
                {
                    await context.Response.WriteAsync(line + "\n", ended.Token);
                }

                await context.Response.Body.FlushAsync(ended.Token);
            }
        }
        catch (OperationCanceledException) when (subscription.Dropped.IsCancellationRequested)
        {
            context.Abort();
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // timeoutSeconds elapsed or the client went away: the stream just ends, as on a real server.
        }
        finally
        {
            store.CloseWatch(subscription);
            subscription.Dispose();
        }
    }

    /// <summary>Waits for lines; when the stream stays idle for a bookmark interval, asks the store for a bookmark.</summary>
    private async Task<bool> NextLinesAsync(WatchSubscription subscription, CancellationToken ended)
    {
        while (true)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ended);
            idle.CancelAfter(bookmarkInterval);
            try
            {
                return await subscription.Lines.WaitToReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!ended.IsCancellationRequested)
            {
                store.Bookmark(subscription);
            }
        }
    }

    private static long? ResourceVersionOf(string text)
    {
        if (text is "" or "0")
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw KubeApiException.BadRequest($"invalid resource version \"{text}\"");
    }
}
