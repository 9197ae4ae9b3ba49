using System.Diagnostics;
using System.Security.Cryptography;

namespace ImageClone.Tests.Support;

/// <summary>The skopeo CLI as an independent peer, with --tls-verify=false for loopback registries.</summary>
public static class Skopeo
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>"sha256:..." of <c>skopeo inspect --raw</c>: the digest of the manifest exactly as the registry serves it.</summary>
    public static async Task<string> InspectRawDigestAsync(string reference, string? username = null, string? password = null)
    {
        var result = await RunAsync(Arguments("inspect", reference, username, password, "--raw"));
        return result.ExitCode == 0
            ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(result.Stdout))
            : throw new InvalidOperationException($"skopeo inspect {reference} failed ({result.ExitCode}): {result.Stderr}");
    }

    /// <summary>Whether the registry has a manifest for the reference; throws on any other failure (e.g. bad credentials).</summary>
    public static async Task<bool> ExistsAsync(string reference, string? username = null, string? password = null)
    {
        var result = await RunAsync(Arguments("inspect", reference, username, password, "--raw"));
        if (result.ExitCode == 0)
        {
            return true;
        }
        return result.Stderr.Contains("manifest unknown", StringComparison.OrdinalIgnoreCase)
            || result.Stderr.Contains("not found", StringComparison.OrdinalIgnoreCase)
            ? false
            : throw new InvalidOperationException($"skopeo inspect {reference} failed ({result.ExitCode}): {result.Stderr}");
    }

    /// <summary>
    /// skopeo copy --all between two registries (the benchmark's peer); creds are "user:password". --preserve-digests
    /// matters: without it skopeo gzips layers it finds uncompressed (as the generated ones are), changing every digest.
    /// </summary>
    public static async Task CopyAllAsync(string source, string destination, string? sourceCreds = null, string? destinationCreds = null)
    {
        List<string> arguments = ["copy", "--all", "--preserve-digests", "--src-tls-verify=false", "--dest-tls-verify=false", "--insecure-policy"];
        if (sourceCreds is not null)
        {
            arguments.AddRange(["--src-creds", sourceCreds]);
        }
        if (destinationCreds is not null)
        {
            arguments.AddRange(["--dest-creds", destinationCreds]);
        }
        arguments.AddRange([$"docker://{source}", $"docker://{destination}"]);
        var result = await RunAsync(arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"skopeo copy {source} {destination} failed ({result.ExitCode}): {result.Stderr}");
        }
    }

    private static List<string> Arguments(string command, string reference, string? username, string? password, params string[] extra)
    {
        List<string> arguments = [command, "--tls-verify=false", .. extra];
        if (username is not null)
        {
            arguments.AddRange(["--creds", $"{username}:{password}"]);
        }
        arguments.Add($"docker://{reference}");
        return arguments;
    }

    private static async Task<(int ExitCode, byte[] Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("skopeo") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("skopeo did not start: is it installed (see test.sh)?");
        using var timeout = new CancellationTokenSource(CommandTimeout);
        using var stdout = new MemoryStream();
        var stdoutCopy = process.StandardOutput.BaseStream.CopyToAsync(stdout, timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            await stdoutCopy;
            return (process.ExitCode, stdout.ToArray(), await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"skopeo {arguments.First()} did not finish within {CommandTimeout.TotalSeconds} s.");
        }
    }
}
