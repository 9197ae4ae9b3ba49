using System.Net;
using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

public class RegistryErrorsTests
{
    [TestCase(HttpStatusCode.Unauthorized, RegistryErrorReason.Unauthorized, false)]
    [TestCase(HttpStatusCode.Forbidden, RegistryErrorReason.Denied, false)]
    [TestCase(HttpStatusCode.NotFound, RegistryErrorReason.NotFound, false)]
    [TestCase(HttpStatusCode.TooManyRequests, RegistryErrorReason.RateLimited, true)]
    [TestCase(HttpStatusCode.ServiceUnavailable, RegistryErrorReason.Unavailable, true)]
    [TestCase(HttpStatusCode.InternalServerError, RegistryErrorReason.Unavailable, true)]
    [TestCase(HttpStatusCode.RequestTimeout, RegistryErrorReason.Unavailable, true)]
    [TestCase(HttpStatusCode.BadRequest, RegistryErrorReason.Protocol, false)]
    public async Task EnsureAsync_Status_YieldsReasonAndTransience(HttpStatusCode status, RegistryErrorReason reason, bool transient)
    {
        using var response = new HttpResponseMessage(status);

        var check = () => RegistryErrors.EnsureAsync(response, StubPipeline.Repository(), "GET manifest", CancellationToken.None, HttpStatusCode.OK);

        var error = (await check.Should().ThrowAsync<RegistryException>()).Which;
        error.Reason.Should().Be(reason);
        error.IsTransient.Should().Be(transient);
        error.StatusCode.Should().Be(status);
    }

    [Test]
    public async Task EnsureAsync_DistributionErrorBody_MessageCarriesCode()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Forbidden)
        {
            Content = new StringContent("""{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}"""),
        };

        var check = () => RegistryErrors.EnsureAsync(response, StubPipeline.Repository(), "PUT manifest", CancellationToken.None, HttpStatusCode.Created);

        (await check.Should().ThrowAsync<RegistryException>()).Which.Message.Should()
            .Be("reg.test/team/app:v1: registry reg.test answered HTTP 403 Forbidden: PUT manifest team/app failed (Forbidden): DENIED: requested access to the resource is denied");
    }
}
