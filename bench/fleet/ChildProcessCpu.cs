using System.Globalization;

namespace ImageClone.Bench.Fleet;

/// <summary>
/// CPU time (utime + stime) of this process's children by command name (/proc/PID/comm, at most 15 characters:
/// "kube-apiserver", "etcd", "kube-controller", "kube-scheduler", "docker-registry", "dotnet"): the control plane
/// runs as children of the benchmark.
/// </summary>
internal static class ChildProcessCpu
{
    public static IReadOnlyDictionary<string, TimeSpan> ByName()
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var byName = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var directory in Directory.EnumerateDirectories("/proc").Where(d => char.IsAsciiDigit(Path.GetFileName(d)[0])))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
            // fields[0] is the 3rd field of stat (state): ppid is the 4th, utime and stime the 14th and 15th
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[1] == self)
            {
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                byName[name] = byName.GetValueOrDefault(name) + TimeSpan.FromSeconds(ticks / 100.0);
            }
        }

        return byName;
    }

    /// <summary>What each name used between two readings.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> Since(IReadOnlyDictionary<string, TimeSpan> before) =>
        ByName().ToDictionary(pair => pair.Key, pair => pair.Value - before.GetValueOrDefault(pair.Key), StringComparer.Ordinal);
}
