using System.Text;
using System.Xml.Linq;
using CsCheck;
using IlertNotify.Formats;

namespace IlertNotify.Tests.Unit;

public sealed class XmlEscapingTests
{
    // Any UTF-16 code unit, lone surrogates and forbidden control characters included, plus the nasty ASCII.
    private static readonly Gen<string> AnyText = Gen.OneOf(
        Gen.String[Gen.Char[char.MinValue, char.MaxValue], 0, 60],
        Gen.String[Gen.Char["<>&\"']\r\n\t\0\u0001\uD800\uDC00\uFFFEa "], 0, 60]);

    [Fact]
    public void Any_key_and_value_round_trip_through_an_xml_parser_minus_what_xml_cannot_carry()
    {
        Gen.Select(AnyText, AnyText, AnyText).Sample((apiKey, key, value) =>
        {
            var body = EventXml.Build(apiKey, [new(key, value)]);

            var document = XDocument.Parse(Encoding.UTF8.GetString(body), LoadOptions.PreserveWhitespace);
            var entry = document.Root!.Element("payload")!.Element("entry")!;
            Assert.Equal(XmlOracle.Readable(apiKey), document.Root.Element("apiKey")!.Value);
            Assert.Equal(XmlOracle.Readable(key), (string)entry.Attribute("key")!);
            Assert.Equal(XmlOracle.Readable(value), entry.Value);
        }, iter: 5000);
    }

    [Fact]
    public void The_oracle_keeps_everything_xml_allows_and_removes_the_rest()
    {
        Assert.Equal("a\tb\nc\rd é 😀 ]]> <&>", XmlOracle.Readable("a\tb\nc\rd é 😀 ]]> <&>"));
        Assert.Equal("xy", XmlOracle.Readable("x\0\u0001\u001F\uFFFE\uFFFF\uD800y\uDC00"));
    }

    [Fact]
    public void The_document_has_the_reference_plugins_shape()
    {
        var body = Encoding.UTF8.GetString(EventXml.Build("KEY", [new("NOTIFY_HOSTNAME", "h & <1>")]));

        Assert.Equal(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><event><apiKey>KEY</apiKey><payload><entry key=\"NOTIFY_HOSTNAME\">h &amp; &lt;1&gt;</entry></payload></event>",
            body);
    }

    [Fact]
    public void The_api_key_is_read_back_from_a_body()
    {
        Gen.String[Gen.Char['!', '~'], 1, 40].Sample(key => Assert.Equal(key, EventXml.ReadApiKey(EventXml.Build(key, [new("A", "b")]))));
    }
}
