namespace ImageClone.Operator;

/// <summary>Declares the verbs a controller needs on typed Kubernetes entities (as KubeOps's).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class EntityRbacAttribute(params Type[] entities) : Attribute
{
    public IReadOnlyList<Type> Entities { get; } = entities;

    public RbacVerb Verbs { get; init; }
}
