using Google.Rpc;
using Governance.ServiceDefaults.Errors;
using Governance.ServiceDefaults.Grpc;

namespace Governance.BuildingBlocks.Tests.Errors;

public sealed class CallerValueTests
{
    [Fact]
    public void A_short_value_is_quoted_whole() => Assert.Equal("'16/26813'", CallerValue.Quote("16/26813"));

    [Fact]
    public void A_long_value_is_cut_to_a_marked_prefix()
    {
        var quoted = CallerValue.Quote(new string('9', 100_000));
        Assert.Equal($"'{new string('9', CallerValue.MaxQuoted)}…'", quoted);
    }

    [Fact]
    public void Control_characters_and_lone_surrogates_are_replaced()
    {
        Assert.Equal("a\uFFFDb\uFFFDc\uFFFD", CallerValue.Bounded("a\nb\u0000c\uD800", 40));
    }

    [Fact]
    public void A_surrogate_pair_is_kept_whole_or_dropped_never_split()
    {
        Assert.Equal("ab😀", CallerValue.Bounded("ab😀", 4));
        Assert.Equal("abc…", CallerValue.Bounded("abc😀d", 4));
    }

    [Fact]
    public void Bound_cuts_message_metadata_and_violations_to_fit()
    {
        var violations = Enumerable.Range(0, 500).Select(i => new FieldViolation($"f{i}{new string('x', 1000)}", new string('y', 5000))).ToList();
        var ex = new ValidationException(violations);
        ex.Metadata["value"] = new string('z', 10_000);

        var status = ErrorMappingInterceptor.ToStatus(ex, "governance.meetings");

        Assert.InRange(status.Message.Length, 1, ErrorMappingInterceptor.MaxMessageChars + 1);
        Assert.InRange(status.CalculateSize(), 1, ErrorMappingInterceptor.MaxDetailsBytes);
        var info = status.Details[0].Unpack<ErrorInfo>();
        Assert.Equal("FIELD_VIOLATION", info.Reason);
        Assert.EndsWith("…", info.Metadata["value"], StringComparison.Ordinal);
        var badRequest = status.Details[1].Unpack<BadRequest>();
        Assert.InRange(badRequest.FieldViolations.Count, 1, 20);
        Assert.StartsWith("f0", badRequest.FieldViolations[0].Field, StringComparison.Ordinal);
    }
}
