using Microsoft.Extensions.Options;

namespace ImageClone.Mirroring;

/// <summary>Every <see cref="MirrorOptions"/> setting that cannot work, each named.</summary>
internal sealed class MirrorOptionsValidator : IValidateOptions<MirrorOptions>
{
    public ValidateOptionsResult Validate(string? name, MirrorOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> Errors(MirrorOptions o)
    {
        if (o.Repository is null)
        {
            yield return $"{nameof(MirrorOptions.Repository)} must be set.";
        }

        foreach (var (setting, value) in new[]
        {
            (nameof(MirrorOptions.RolloutCheckInterval), o.RolloutCheckInterval),
            (nameof(MirrorOptions.RecheckInterval), o.RecheckInterval),
            (nameof(MirrorOptions.DaemonSetRolloutTimeout), o.DaemonSetRolloutTimeout),
            (nameof(MirrorOptions.StatefulSetPodRolloutTimeout), o.StatefulSetPodRolloutTimeout),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"{setting} must be positive (was {value}).";
            }
        }

        if (string.IsNullOrWhiteSpace(o.PullSecretName))
        {
            yield return $"{nameof(MirrorOptions.PullSecretName)} must not be empty.";
        }

        if (o.CopyMemoryDuration < TimeSpan.Zero)
        {
            yield return $"{nameof(MirrorOptions.CopyMemoryDuration)} must not be negative (was {o.CopyMemoryDuration}).";
        }
    }
}
