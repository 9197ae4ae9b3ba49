namespace ImageClone.Operator;

/// <summary>base, 2·base, 4·base, … never above cap.</summary>
internal sealed class ExponentialBackoff(TimeSpan baseDelay, TimeSpan cap)
{
    public TimeSpan ForAttempt(int attempt)
    {
        if (attempt >= 31)
        {
            return cap;
        }

        var delay = baseDelay * Math.Pow(2, Math.Max(attempt, 0));
        return delay < cap ? delay : cap;
    }
}
