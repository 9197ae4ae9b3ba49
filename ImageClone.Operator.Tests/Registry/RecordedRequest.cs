using System.Net;

namespace ImageClone.Tests.Registry;

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, HttpStatusCode? Status = null)
{
    public bool IsWrite => Method == HttpMethod.Put || Method == HttpMethod.Post || Method == HttpMethod.Patch;
}
