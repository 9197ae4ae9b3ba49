using Microsoft.Extensions.Options;

namespace ImageClone.Operator;

internal sealed class OperatorSettingsValidator : IValidateOptions<OperatorSettings>
{
    public ValidateOptionsResult Validate(string? name, OperatorSettings options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> Errors(OperatorSettings s)
    {
        if (string.IsNullOrWhiteSpace(s.Name))
        {
            yield return "Operator Name must not be empty.";
        }

        if (s.EnableLeaderElection)
        {
            if (string.IsNullOrWhiteSpace(s.Namespace) || string.IsNullOrWhiteSpace(s.LeaseName))
            {
                yield return "Leader election needs a Namespace and a LeaseName.";
            }

            // As client-go: the leader must give up before others may take over, and retry within its deadline.
            if (s.RetryPeriod <= TimeSpan.Zero || s.RenewDeadline <= s.RetryPeriod || s.LeaseDuration <= s.RenewDeadline)
            {
                yield return $"Leader election needs 0 < RetryPeriod ({s.RetryPeriod}) < RenewDeadline ({s.RenewDeadline}) < LeaseDuration ({s.LeaseDuration}).";
            }
        }

        if (s.MaxConcurrentReconciles < 1)
        {
            yield return $"MaxConcurrentReconciles must be at least 1 (was {s.MaxConcurrentReconciles}).";
        }

        if (s.WatchTimeout < TimeSpan.FromSeconds(1))
        {
            yield return $"WatchTimeout must be at least 1 second (was {s.WatchTimeout}).";
        }

        if (s.FailureBackoffBase <= TimeSpan.Zero || s.FailureBackoffCap < s.FailureBackoffBase)
        {
            yield return $"Backoff needs 0 < FailureBackoffBase ({s.FailureBackoffBase}) <= FailureBackoffCap ({s.FailureBackoffCap}).";
        }
    }
}
