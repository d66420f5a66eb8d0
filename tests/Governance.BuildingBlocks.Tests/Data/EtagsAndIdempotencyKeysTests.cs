using Governance.Data.Concurrency;
using Governance.Data.Idempotency;
using Governance.ServiceDefaults.Errors;

namespace Governance.BuildingBlocks.Tests.Data;

public sealed class EtagsAndIdempotencyKeysTests
{
    [Fact]
    public void Etag_is_a_weak_quoted_version() => Assert.Equal("W/\"7\"", Etags.Format(7));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("W/\"3\"")]
    public void Empty_or_current_etag_passes(string? provided) => Etags.Check(provided, 3, "bodies/direktionen");

    [Theory]
    [InlineData("W/\"2\"")]
    [InlineData("W/\"4\"")]
    [InlineData("3")]
    [InlineData("\"3\"")]
    [InlineData("w/\"3\"")]
    [InlineData(" W/\"3\"")]
    [InlineData("garbage")]
    public void Stale_or_foreign_etag_is_aborted(string provided)
    {
        var ex = Assert.Throws<EtagMismatchException>(() => Etags.Check(provided, 3, "bodies/direktionen"));
        Assert.Equal("ETAG_MISMATCH", ex.Reason);
        Assert.Equal("bodies/direktionen", ex.Metadata["resource"]);
        Assert.Contains("bodies/direktionen", ex.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_request_id_means_no_idempotency(string? requestId) => Assert.Null(IdempotencyKeys.Normalize(requestId));

    [Theory]
    [InlineData("3f2c7a9e-1b4d-4c8e-9f00-5d6e7a8b9c0d")]
    [InlineData("3F2C7A9E-1B4D-4C8E-9F00-5D6E7A8B9C0D")]
    [InlineData("3f2c7a9e1b4d4c8e9f005d6e7a8b9c0d")]
    [InlineData("{3f2c7a9e-1b4d-4c8e-9f00-5d6e7a8b9c0d}")]
    [InlineData(" 3f2c7a9e-1b4d-4c8e-9f00-5d6e7a8b9c0d ")]
    public void Request_ids_are_normalized_to_lower_case_dashed_uuids(string requestId) =>
        Assert.Equal("3f2c7a9e-1b4d-4c8e-9f00-5d6e7a8b9c0d", IdempotencyKeys.Normalize(requestId));

    [Theory]
    [InlineData("abc")]
    [InlineData("3f2c7a9e-1b4d-4c8e-9f00")]
    [InlineData("3f2c7a9e-1b4d-4c8e-9f00-5d6e7a8b9c0g")]
    [InlineData(" ")]
    public void Request_id_that_is_not_a_uuid_is_invalid(string requestId)
    {
        var ex = Assert.Throws<ValidationException>(() => IdempotencyKeys.Normalize(requestId));
        var violation = Assert.Single(ex.Violations);
        Assert.Equal("request_id", violation.Field);
        Assert.Contains("UUID", violation.Description);
        Assert.Equal("create.request_id", Assert.Single(
            Assert.Throws<ValidationException>(() => IdempotencyKeys.Normalize(requestId, "create.request_id")).Violations).Field);
    }
}
