namespace ImageClone.Tests.Support.FakeKube;

/// <summary>How a new watch from a resourceVersion older than the expiry floor is refused; real servers do either.</summary>
public enum ExpiredWatchReply
{
    /// <summary>The watch request itself fails with HTTP 410 and a Status body.</summary>
    HttpGone,

    /// <summary>The watch answers 200 and streams a single ERROR event carrying a 410 Expired Status.</summary>
    ErrorEvent,
}
