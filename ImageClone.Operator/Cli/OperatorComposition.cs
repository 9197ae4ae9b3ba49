using ImageClone.Controllers;
using ImageClone.Mirroring;
using ImageClone.Operator;
using ImageClone.Registry;
using k8s;

namespace ImageClone.Cli;

/// <summary>The composition root: each layer's <c>Add…</c> (registry, mirroring, the operator runtime and its controllers).</summary>
internal static class OperatorComposition
{
    /// <summary>The operator host; <paramref name="overrides"/> (tests only) runs after every default registration, so it can replace or tune them.</summary>
    public static WebApplication Build(OperatorConfiguration configuration, IKubernetes client, Action<IServiceCollection>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(configuration.HttpUrls);
        ConfigureLogging(builder.Logging, configuration.JsonLogs);

        var services = builder.Services;
        services.AddSingleton(client);
        services.AddImageCopier(configuration.Registry);
        services.AddImageMirroring(configuration.MirrorOptions);
        services.AddKubernetesOperator(settings =>
            {
                settings.Namespace = configuration.ControllerNamespace;
                settings.EnableLeaderElection = configuration.LeaderElection;
                settings.MaxConcurrentReconciles = configuration.MaxConcurrentReconciles;
            })
            .AddWorkloadControllers();
        services.AddHealthChecks().AddCheck<ReadinessCheck>("operator", tags: [ReadinessCheck.Tag]);
        overrides?.Invoke(services);

        var app = builder.Build();
        app.MapOperatorEndpoints();
        return app;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, bool json)
    {
        logging.ClearProviders();
        if (json)
        {
            logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                options.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(options =>
            {
                options.IncludeScopes = true;
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss ";
            });
        }

        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        // An unready /readyz (normal while starting or following) is not an error; ReadinessCheck never throws.
        logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical);
    }
}
