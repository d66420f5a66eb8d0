using Governance.Data.Paging;
using Governance.ServiceDefaults.Errors;

namespace Governance.BuildingBlocks.Tests.Data;

public sealed class PageRequestTests
{
    [Theory]
    [InlineData(0, 50)]
    [InlineData(1, 1)]
    [InlineData(50, 50)]
    [InlineData(199, 199)]
    [InlineData(200, 200)]
    [InlineData(201, 200)]
    [InlineData(500, 200)]
    [InlineData(int.MaxValue, 200)]
    public void Size_defaults_and_caps(int requested, int size) => Assert.Equal(size, PageRequest.Size(requested));

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Negative_size_is_invalid(int requested)
    {
        var ex = Assert.Throws<ValidationException>(() => PageRequest.Size(requested));
        Assert.Equal("page_size", Assert.Single(ex.Violations).Field);
        var custom = Assert.Throws<ValidationException>(() => PageRequest.Size(requested, "items_page_size"));
        Assert.Equal("items_page_size", Assert.Single(custom.Violations).Field);
    }

    private sealed record Key(long StartTicks, string Id);

    [Fact]
    public void Token_round_trips_a_record_key()
    {
        var key = new Key(636246018000000000, "0192c0ffee");
        var token = PageRequest.EncodeToken(key, "meetings|direktionen||");
        Assert.Equal(key, PageRequest.DecodeToken<Key>(token, "meetings|direktionen||", _ => true));
    }

    [Fact]
    public void Token_round_trips_string_and_number_keys()
    {
        Assert.Equal("økonomiudvalget", PageRequest.DecodeToken<string>(PageRequest.EncodeToken("økonomiudvalget", "bodies"), "bodies", PageRequest.IsId));
        Assert.Equal(17, PageRequest.DecodeToken<int?>(PageRequest.EncodeToken<int?>(17, "items|m1"), "items|m1", _ => true));
    }

    [Fact]
    public void Tokens_are_url_safe_without_padding()
    {
        for (var i = 0; i < 64; i++)
        {
            var token = PageRequest.EncodeToken(new string('ÿ', i) + "?>", "filter" + i);
            Assert.DoesNotContain('+', token);
            Assert.DoesNotContain('/', token);
            Assert.DoesNotContain('=', token);
            Assert.Equal(new string('ÿ', i) + "?>", PageRequest.DecodeToken<string>(token, "filter" + i, PageRequest.IsId));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_token_is_the_first_page(string? token)
    {
        Assert.Null(PageRequest.DecodeToken<string>(token, "bodies", PageRequest.IsId));
        Assert.Null(PageRequest.DecodeToken<int?>(token, "bodies", _ => true));
        Assert.Equal(0, PageRequest.DecodeOffset(token, "bodies"));
        Assert.Null(PageRequest.DecodeInstantKey(token, "bodies"));
    }

    [Fact]
    public void Token_for_another_filter_is_invalid()
    {
        var token = PageRequest.EncodeToken("direktionen", "meetings|direktionen||");
        var ex = Assert.Throws<ValidationException>(() => PageRequest.DecodeToken<string>(token, "meetings|chefforum||", PageRequest.IsId));
        var violation = Assert.Single(ex.Violations);
        Assert.Equal("page_token", violation.Field);
        Assert.Contains("different filter", violation.Description);
    }

    public static TheoryData<string> GarbageTokens()
    {
        static string B64(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json));
        return new TheoryData<string>
        {
            "garbage",
            "!!!!",
            "a",
            "%%%",
            B64("not json"),
            B64("null"),
            B64("{}"),
            B64("[1,2,3]"),
            B64("{\"Key\":null,\"Filter\":\"x\"}"),
            B64("{\"Key\":{\"Nested\":true},\"Filter\":\"x\"}"),
        };
    }

    [Theory]
    [MemberData(nameof(GarbageTokens))]
    public void Garbage_token_is_invalid(string token)
    {
        var ex = Assert.Throws<ValidationException>(() => PageRequest.DecodeToken<string>(token, "bodies", PageRequest.IsId, "req.page_token"));
        Assert.Equal("req.page_token", Assert.Single(ex.Violations).Field);
    }

    [Fact]
    public void Token_with_a_key_of_another_type_is_invalid()
    {
        var token = PageRequest.EncodeToken("direktionen", "items|m1");
        Assert.Throws<ValidationException>(() => PageRequest.DecodeToken<int?>(token, "items|m1", _ => true));
    }

    [Fact]
    public void A_key_that_fails_its_rule_is_invalid()
    {
        var token = PageRequest.EncodeToken<int?>(-1, "items|m1");
        var ex = Assert.Throws<ValidationException>(() => PageRequest.DecodeToken<int?>(token, "items|m1", position => position >= 0));
        Assert.Equal("page_token", Assert.Single(ex.Violations).Field);
        Assert.Throws<ValidationException>(() => PageRequest.DecodeToken<string>(PageRequest.EncodeToken("", "bodies"), "bodies", PageRequest.IsId));
        Assert.Throws<ValidationException>(() => PageRequest.DecodeToken<string>(
            PageRequest.EncodeToken(new string('x', PageRequest.MaxIdLength + 1), "bodies"), "bodies", PageRequest.IsId));
    }

    [Theory]
    [InlineData(0, 50, 50)]
    [InlineData(999_950, 50, 1_000_000)]
    public void Offsets_round_trip_up_to_the_maximum(int offset, int size, int next)
    {
        Assert.Equal(next, PageRequest.DecodeOffset(PageRequest.EncodeNextOffset(offset, size, "decisions|i1"), "decisions|i1"));
    }

    [Theory]
    [InlineData(999_999, 2)]
    [InlineData(PageRequest.MaxOffset, 200)]
    [InlineData(int.MaxValue, 200)]
    public void No_token_is_issued_past_the_maximum_offset_and_nothing_overflows(int offset, int size) =>
        Assert.Equal("", PageRequest.EncodeNextOffset(offset, size, "decisions|i1"));

    [Theory]
    [InlineData(-1)]
    [InlineData(PageRequest.MaxOffset + 1)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void An_offset_outside_zero_to_the_maximum_is_invalid(int offset)
    {
        var token = PageRequest.EncodeToken(new { Offset = offset }, "decisions|i1");
        var ex = Assert.Throws<ValidationException>(() => PageRequest.DecodeOffset(token, "decisions|i1"));
        Assert.Equal("page_token", Assert.Single(ex.Violations).Field);
    }

    [Fact]
    public void Instant_keys_round_trip_and_refuse_ticks_outside_DateTime()
    {
        var at = new DateTime(2017, 3, 9, 7, 30, 0, DateTimeKind.Utc);
        Assert.Equal((at, "0192c0ffee"), PageRequest.DecodeInstantKey(PageRequest.EncodeInstantKey(at, "0192c0ffee", "audit"), "audit"));
        foreach (var ticks in new[] { -1L, DateTime.MaxValue.Ticks + 1, long.MaxValue })
        {
            var token = PageRequest.EncodeToken(new { Ticks = ticks, Id = "x" }, "audit");
            Assert.Throws<ValidationException>(() => PageRequest.DecodeInstantKey(token, "audit"));
        }
        Assert.Throws<ValidationException>(() => PageRequest.DecodeInstantKey(PageRequest.EncodeToken(new { Ticks = 0L }, "audit"), "audit"));
    }

    [Fact]
    public void Page_carries_items_and_next_token()
    {
        var page = new Page<string>(["a", "b"], "next");
        Assert.Equal(["a", "b"], page.Items);
        Assert.Equal("next", page.NextPageToken);
    }
}
