using k8s.Models;
using ImageClone.Operator;
using k8s;
using k8s.Autorest;
using Microsoft.AspNetCore.Http;

namespace ImageClone.Tests.Operator;

public class DeploymentApiTests
{
    private const string Deployment = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"apps","resourceVersion":"11"}}""";
    private const string Expired = """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410,"message":"too old resource version"}""";

    [Test]
    public async Task ListAsync_AllNamespaces_ReturnsItemsAndListResourceVersion()
    {
        string? path = null;
        await using var server = await StubApiServer.StartAsync(async context =>
        {
            path = context.Request.Path;
            await context.Response.WriteAsync($$"""{"kind":"DeploymentList","apiVersion":"apps/v1","metadata":{"resourceVersion":"10"},"items":[{{Deployment}}]}""");
        });

        var list = await EntityApiRegistry.For<V1Deployment>(server.Client)!.ListAsync(CancellationToken.None);

        path.Should().Be("/apis/apps/v1/deployments");
        list.ResourceVersion.Should().Be("10");
        list.Items.Should().ContainSingle().Which.Metadata.Name.Should().Be("web");
    }

    [Test]
    public async Task WatchAsync_Request_CarriesResourceVersionBookmarksAndTimeout()
    {
        IQueryCollection? query = null;
        await using var server = await StubApiServer.StartAsync(async context =>
        {
            query = context.Request.Query;
            await context.Response.WriteAsync("""{"type":"BOOKMARK","object":{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"resourceVersion":"12"}}}""" + "\n");
        });

        await foreach (var _ in EntityApiRegistry.For<V1Deployment>(server.Client)!.WatchAsync("10", true, 300, CancellationToken.None))
        {
        }

        query!["watch"].ToString().Should().Be("true");
        query["resourceVersion"].ToString().Should().Be("10");
        query["allowWatchBookmarks"].ToString().Should().Be("true");
        query["timeoutSeconds"].ToString().Should().Be("300");
    }

    [Test]
    public async Task WatchAsync_ErrorEvent410InStream_ThrowsGoneKubernetesException()
    {
        await using var server = await StubApiServer.StartAsync(async context =>
        {
            await context.Response.WriteAsync($$"""{"type":"ADDED","object":{{Deployment}}}""" + "\n");
            await context.Response.WriteAsync($$"""{"type":"ERROR","object":{{Expired}}}""" + "\n");
        });
        var seen = new List<WatchEventType>();

        var watch = async () =>
        {
            await foreach (var (type, _) in EntityApiRegistry.For<V1Deployment>(server.Client)!.WatchAsync("10", true, 300, CancellationToken.None))
            {
                seen.Add(type);
            }
        };

        var error = (await watch.Should().ThrowAsync<KubernetesException>()).Which;
        WatchErrors.IsGone(error).Should().BeTrue();
        seen.Should().Equal(WatchEventType.Added);
    }

    [Test]
    public async Task WatchAsync_Http410_ThrowsGoneHttpOperationException()
    {
        await using var server = await StubApiServer.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status410Gone;
            await context.Response.WriteAsync(Expired);
        });

        var watch = async () =>
        {
            await foreach (var _ in EntityApiRegistry.For<V1Deployment>(server.Client)!.WatchAsync("1", true, 300, CancellationToken.None))
            {
            }
        };

        var error = (await watch.Should().ThrowAsync<HttpOperationException>()).Which;
        WatchErrors.IsGone(error).Should().BeTrue();
    }
}
