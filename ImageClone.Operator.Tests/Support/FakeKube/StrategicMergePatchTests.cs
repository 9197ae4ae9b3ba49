using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

public class StrategicMergePatchTests
{
    [Test]
    public void Apply_ContainerByName_MergesItAndKeepsOthersInOrder()
    {
        var result = Apply(
            """{"containers":[{"name":"a","image":"x:1","env":[{"name":"E","value":"1"}]},{"name":"b","image":"y:1"}]}""",
            """{"containers":[{"name":"a","image":"x:2"}]}""");

        result.Should().Be("""{"containers":[{"name":"a","image":"x:2","env":[{"name":"E","value":"1"}]},{"name":"b","image":"y:1"}]}""");
    }

    [Test]
    public void Apply_NewEnvByName_AppendsAndMergesExisting()
    {
        var result = Apply(
            """{"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}""",
            """{"env":[{"name":"C","value":"3"},{"name":"A","value":"9"}]}""");

        result.Should().Be("""{"env":[{"name":"A","value":"9"},{"name":"B","value":"2"},{"name":"C","value":"3"}]}""");
    }

    [Test]
    public void Apply_PatchDeleteDirective_RemovesThatItem()
    {
        var result = Apply(
            """{"volumes":[{"name":"a"},{"name":"b"}]}""",
            """{"volumes":[{"name":"a","$patch":"delete"}]}""");

        result.Should().Be("""{"volumes":[{"name":"b"}]}""");
    }

    [Test]
    public void Apply_ListWithoutMergeKey_Replaces()
    {
        var result = Apply("""{"args":["a","b"],"keep":1}""", """{"args":["c"]}""");

        result.Should().Be("""{"args":["c"],"keep":1}""");
    }

    [Test]
    public void Apply_NullValue_RemovesField()
    {
        var result = Apply("""{"metadata":{"annotations":{"a":"1","b":"2"}}}""", """{"metadata":{"annotations":{"a":null}}}""");

        result.Should().Be("""{"metadata":{"annotations":{"b":"2"}}}""");
    }

    private static string Apply(string target, string patch) =>
        StrategicMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch))!.ToJsonString();
}
