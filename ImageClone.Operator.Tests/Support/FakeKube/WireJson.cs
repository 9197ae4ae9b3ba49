using System.Text.Encodings.Web;
using System.Text.Json;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>How bodies go on the wire: quotes escaped as \" like Go's encoder, not \u0022.</summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
