using System.Net;
using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

public class JsonPatchTests
{
    private const string Document = """{"spec":{"containers":[{"name":"a","image":"x:1"}]},"metadata":{"annotations":{"k/v":"1"}}}""";

    [Test]
    public void Apply_AddToArrayEndAndEscapedKey_AddsBoth()
    {
        var result = Apply("""
            [{"op":"add","path":"/spec/containers/-","value":{"name":"b"}},
             {"op":"add","path":"/metadata/annotations/k~1w","value":"2"}]
            """);

        result.Should().Be("""{"spec":{"containers":[{"name":"a","image":"x:1"},{"name":"b"}]},"metadata":{"annotations":{"k/v":"1","k/w":"2"}}}""");
    }

    [Test]
    public void Apply_MoveAndCopy_RelocatesValues()
    {
        var result = Apply("""
            [{"op":"copy","from":"/spec/containers/0/image","path":"/metadata/annotations/original"},
             {"op":"move","from":"/metadata/annotations/k~1v","path":"/metadata/annotations/moved"}]
            """);

        result.Should().Be("""{"spec":{"containers":[{"name":"a","image":"x:1"}]},"metadata":{"annotations":{"original":"x:1","moved":"1"}}}""");
    }

    [Test]
    public void Apply_RemoveMissingPath_IsInvalid()
    {
        var act = () => Apply("""[{"op":"remove","path":"/spec/nothing"}]""");

        act.Should().Throw<KubeApiException>().Which.Code.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Test]
    public void Apply_FailedTest_IsInvalid()
    {
        var act = () => Apply("""[{"op":"test","path":"/spec/containers/0/image","value":"x:2"}]""");

        act.Should().Throw<KubeApiException>().Which.Reason.Should().Be("Invalid");
    }

    private static string Apply(string patch) => JsonPatch.Apply(JsonNode.Parse(Document)!, JsonNode.Parse(patch)).ToJsonString();
}
