namespace ImageClone.Bench.Fleet;

/// <param name="At">when the apiserver was killed, from the operator process's start</param>
/// <param name="Down">until it answered <c>/readyz</c> again</param>
/// <param name="WrittenBefore">how many workloads had been written when it was killed</param>
internal sealed record ApiServerRestart(TimeSpan At, TimeSpan Down, int WrittenBefore);
