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
        Assert.Equal("økonomiudvalget", PageRequest.DecodeToken<string>(PageRequest.EncodeToken("økonomiudvalget", "bodies"), "bodies", _ => true));
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
            Assert.Equal(new string('ÿ', i) + "?>", PageRequest.DecodeToken<string>(token, "filter" + i, _ => true));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_token_is_the_first_page(string? token)
    {
        Assert.Null(PageRequest.DecodeToken<string>(token, "bodies", _ => true));
        Assert.Null(PageRequest.DecodeToken<int?>(token, "bodies", _ => true));
    }

    [Fact]
    public void Token_for_another_filter_is_invalid()
    {
        var token = PageRequest.EncodeToken("direktionen", "meetings|direktionen||");
        var ex = Assert.Throws<ValidationException>(() => PageRequest.DecodeToken<string>(token, "meetings|chefforum||", _ => true));
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
        var ex = Assert.Throws<ValidationException>(() => PageRequest.DecodeToken<string>(token, "bodies", _ => true, "req.page_token"));
        Assert.Equal("req.page_token", Assert.Single(ex.Violations).Field);
    }

    [Fact]
    public void A_key_outside_the_lists_positions_is_invalid()
    {
        // A forged token that decodes but names no position of the list: INVALID_ARGUMENT, not a wrong page.
        var token = PageRequest.EncodeToken(-5, "decisions|i1");
        var ex = Assert.Throws<ValidationException>(() => PageRequest.DecodeToken<int>(token, "decisions|i1", offset => offset >= 0));
        Assert.Equal("page_token", Assert.Single(ex.Violations).Field);
    }

    [Fact]
    public void Offsets_stay_within_range_and_never_overflow()
    {
        Assert.Equal(0, PageRequest.DecodeOffset("", "decisions|i1"));
        Assert.Equal(20, PageRequest.DecodeOffset(PageRequest.EncodeNextOffset(10, 10, "decisions|i1"), "decisions|i1"));
        // int.MaxValue + a page would overflow: the list ends instead.
        Assert.Equal("", PageRequest.EncodeNextOffset(int.MaxValue, 100, "decisions|i1"));
        Assert.Equal("", PageRequest.EncodeNextOffset(PageRequest.MaxOffset, 1, "decisions|i1"));
    }

    [Fact]
    public void Token_with_a_key_of_another_type_is_invalid()
    {
        var token = PageRequest.EncodeToken("direktionen", "items|m1");
        Assert.Throws<ValidationException>(() => PageRequest.DecodeToken<int?>(token, "items|m1", _ => true));
    }

    [Fact]
    public void Page_carries_items_and_next_token()
    {
        var page = new Page<string>(["a", "b"], "next");
        Assert.Equal(["a", "b"], page.Items);
        Assert.Equal("next", page.NextPageToken);
    }
}
