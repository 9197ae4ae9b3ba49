using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>The legacy discovery documents kubectl and client libraries read: /version, /api, /apis, /api/v1, /apis/{group}[/{version}].</summary>
internal static class DiscoveryDocuments
{
    private static readonly string[] Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"];

    /// <summary>Null for a path that is not a discovery document (answered 404, as /openapi/* is).</summary>
    public static JsonObject? For(string path, string serverAddress)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["version"] => Version(),
            ["api"] => new JsonObject
            {
                ["kind"] = "APIVersions",
                ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
            },
            ["apis"] => new JsonObject
            {
                ["kind"] = "APIGroupList",
                ["apiVersion"] = "v1",
                ["groups"] = new JsonArray([.. Groups().Select(Group)]),
            },
            ["api", "v1"] => ResourceList("v1"),
            ["apis", var group] when Groups().Contains(group) => Group(group),
            ["apis", var group, var version] when Groups().Contains(group) => ResourceList($"{group}/{version}"),
            _ => null,
        };
    }

    private static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-imageclone-fake",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2024-12-11T00:00:00Z",
        ["goVersion"] = "go1.23.4",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    private static IEnumerable<string> Groups() => KubeResourceCatalog.All.Where(r => r.Group.Length > 0).Select(r => r.Group).Distinct();

    private static JsonObject Group(string name)
    {
        var versions = KubeResourceCatalog.All.Where(r => r.Group == name).Select(r => r.Version).Distinct()
            .Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{name}/{v}", ["version"] = v }).ToArray();
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = name,
            ["versions"] = new JsonArray(versions),
            ["preferredVersion"] = versions[0].DeepClone(),
        };
    }

    private static JsonObject? ResourceList(string groupVersion)
    {
        var resources = new JsonArray();
        foreach (var resource in KubeResourceCatalog.All.Where(r => r.GroupVersion == groupVersion))
        {
            resources.Add(new JsonObject
            {
                ["name"] = resource.Plural,
                ["singularName"] = resource.Singular,
                ["namespaced"] = resource.Namespaced,
                ["kind"] = resource.Kind,
                ["verbs"] = new JsonArray([.. Verbs.Select(v => JsonValue.Create(v))]),
                ["shortNames"] = new JsonArray([.. resource.ShortNames.Select(n => JsonValue.Create(n))]),
            });
            if (resource.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = resource.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = resource.Namespaced,
                    ["kind"] = resource.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }

        return resources.Count == 0 ? null : new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = groupVersion,
            ["resources"] = resources,
        };
    }
}
