namespace ImageClone.Operator;

/// <summary>One consistent list of entities and the resourceVersion a watch continues from.</summary>
public sealed record EntityList<TEntity>(IReadOnlyList<TEntity> Items, string ResourceVersion);
