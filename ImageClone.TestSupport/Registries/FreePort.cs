using System.Net;
using System.Net.Sockets;

namespace ImageClone.Tests.Support;

internal static class FreePort
{
    /// <summary>A loopback port free right now; another process may still take it before it is used.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
