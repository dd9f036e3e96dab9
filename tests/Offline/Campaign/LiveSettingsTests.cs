using Conformance.Campaign;
using Microsoft.Extensions.Configuration;

namespace Conformance.Offline.Tests.Campaign;

public sealed class LiveSettingsTests
{
    private static LiveSettings Load(params (string Key, string Value)[] values) =>
        LiveSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build(), "/repo");

    [Fact]
    public void Load_NothingSet_IsOffWithDefaults()
    {
        var settings = Load();
        Assert.False(settings.Enabled);
        Assert.Equal(200, settings.MaxCalls);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.MaxWallTime);
        Assert.Equal(Path.Combine("/repo", "tests", "Fixtures", "live"), settings.FixtureDirectory);
        Assert.Equal(Path.Combine("/repo", "tests", "Recorded", "live"), settings.AnswersDirectory);
        Assert.Null(settings.Endpoint);
    }

    [Fact]
    public void Load_OptIn_ReadsEveryValue()
    {
        var settings = Load(("ENABLED", "true"), ("MAXCALLS", "50"), ("MAXMINUTES", "2.5"), ("SEED", "42"),
            ("FIXTUREDIRECTORY", "/tmp/f"), ("ENDPOINT", "http://127.0.0.1:8080"), ("PROFILE", "conformance"), ("REPORTFILE", "r.md"),
            ("ANSWERSDIRECTORY", "/tmp/a"));
        Assert.True(settings.Enabled);
        Assert.Equal((50, 42UL, "/tmp/f", "conformance", "r.md"), (settings.MaxCalls, settings.Seed, settings.FixtureDirectory, settings.Profile, settings.ReportFile));
        Assert.Equal(TimeSpan.FromMinutes(2.5), settings.MaxWallTime);
        Assert.Equal("/tmp/a", settings.AnswersDirectory);
        Assert.Equal(new Uri("http://127.0.0.1:8080"), settings.Endpoint);
    }

    [Theory]
    [InlineData("MAXCALLS", "many", "CONFORMANCE__LIVE__MAXCALLS")]
    [InlineData("MAXMINUTES", "-1", "CONFORMANCE__LIVE__MAXMINUTES")]
    [InlineData("SEED", "x", "CONFORMANCE__LIVE__SEED")]
    [InlineData("ENDPOINT", "ftp://x", "CONFORMANCE__LIVE__ENDPOINT")]
    public void Load_BadValue_NamesTheVariable(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load((key, value)));
        Assert.Contains(expected, error.Message);
    }
}
