namespace ImageClone.Registry;

/// <summary>
/// A request a handler may send again: no body, or a small buffered one (manifests, tokens). A
/// streamed blob upload is not: its copy is restarted as a whole from a fresh source stream.
/// </summary>
internal static class ReplayableRequest
{
    public static bool Is(HttpRequestMessage request) => request.Content is null or ByteArrayContent;
}
