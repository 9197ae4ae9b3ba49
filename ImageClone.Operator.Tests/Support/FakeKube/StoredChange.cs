using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>One committed write, kept so a watch from an older resourceVersion can replay it.</summary>
internal sealed record StoredChange(long ResourceVersion, string Type, KubeResource Resource, JsonObject Object, JsonObject? Previous);
