using System.Diagnostics.CodeAnalysis;

namespace ImageClone.Operator;

/// <summary>Declares verbs on resources named by API group and plural (as KubeOps's).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
[SuppressMessage("Performance", "CA1819", Justification = "Attribute named arguments must be arrays.")]
public sealed class GenericRbacAttribute : Attribute
{
    public string[] Groups { get; init; } = [];

    public string[] Resources { get; init; } = [];

    public RbacVerb Verbs { get; init; }
}
