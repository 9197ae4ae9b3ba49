namespace ImageClone.Operator;

/// <summary>One registered controller's watch and workers, run for as long as this replica leads.</summary>
internal interface IControllerRunner
{
    Task RunAsync(Action onSynced, CancellationToken cancellationToken);
}
