using k8s.Models;

namespace ImageClone.Tests.Operator;

internal static class Deployments
{
    public static V1Deployment Make(string name, string resourceVersion, string @namespace = "apps") => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, ResourceVersion = resourceVersion },
    };

    public static V1Deployment Bookmark(string resourceVersion) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { ResourceVersion = resourceVersion },
    };
}
