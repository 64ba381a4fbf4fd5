using Microsoft.Extensions.Configuration;

namespace FlowDocs.Common.Tests;

public sealed class SettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    private enum Colour
    {
        Red,
        Green,
    }

    [Fact]
    public void Enum_is_parsed_case_insensitively_and_defaults_when_absent()
    {
        Assert.Equal(Colour.Green, Config(("c", " green ")).GetEnum("c", Colour.Red));
        Assert.Equal(Colour.Red, Config().GetEnum("c", Colour.Red));
    }

    [Theory]
    [InlineData("Blue")]
    [InlineData("1")]
    public void Enum_rejects_unknown_names_and_numbers(string raw)
    {
        var error = Assert.Throws<FlowDocsConfigurationException>(() => Config(("c", raw)).GetEnum("c", Colour.Red));

        Assert.Equal($"Configuration error: c: '{raw}' is not valid; accepted values: Red, Green", error.Message);
        Assert.Equal("c", error.Setting);
    }

    [Fact]
    public void Required_setting_names_itself_when_missing()
    {
        var error = Assert.Throws<FlowDocsConfigurationException>(() => Config(("k", "  ")).GetRequired("k", "the thing"));

        Assert.Equal("Configuration error: k: is required (the thing)", error.Message);
    }

    [Fact]
    public void Integers_outside_the_range_are_rejected()
    {
        Assert.Equal(5, Config(("n", "5")).GetInt64("n", 1, 1, 10));
        Assert.Equal(1, Config().GetInt64("n", 1, 1, 10));
        Assert.Throws<FlowDocsConfigurationException>(() => Config(("n", "11")).GetInt64("n", 1, 1, 10));
        Assert.Throws<FlowDocsConfigurationException>(() => Config(("n", "ten")).GetInt64("n", 1, 1, 10));
    }

    [Fact]
    public void Booleans_accept_only_true_and_false()
    {
        Assert.True(Config(("b", "True")).GetBool("b", false));
        Assert.False(Config().GetBool("b", false));
        Assert.Throws<FlowDocsConfigurationException>(() => Config(("b", "1")).GetBool("b", false));
    }

    [Theory]
    [InlineData("http://collector:4317", true)]
    [InlineData("https://collector", true)]
    [InlineData("collector:4317", false)]
    [InlineData("ftp://collector", false)]
    [InlineData("/relative", false)]
    public void Urls_must_be_absolute_http(string raw, bool valid)
    {
        var config = Config(("u", raw));

        if (valid)
        {
            Assert.Equal(new Uri(raw), config.GetAbsoluteUri("u", "x"));
        }
        else
        {
            Assert.Throws<FlowDocsConfigurationException>(() => config.GetAbsoluteUri("u", "x"));
        }
    }

    [Fact]
    public void Optional_and_defaulted_strings_are_trimmed()
    {
        var config = Config(("s", "  value "), ("blank", " "));

        Assert.Equal("value", config.GetOptional("s"));
        Assert.Null(config.GetOptional("blank"));
        Assert.Equal("fallback", config.GetString("blank", "fallback"));
    }

    [Theory]
    [InlineData(ServerRole.All, true, true)]
    [InlineData(ServerRole.Web, true, false)]
    [InlineData(ServerRole.Worker, false, true)]
    public void Roles_say_what_a_process_runs(ServerRole role, bool web, bool worker)
    {
        Assert.Equal(web, role.RunsWeb());
        Assert.Equal(worker, role.RunsWorker());
    }
}
