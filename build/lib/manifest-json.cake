// info.json, the manifest as JSON; `info` is derived from it by build/verify/mkp_check.py (pprint).

/// <summary>info.json as Checkmk's Manifest.json() writes it: compact, fields in manifest order, non-ASCII kept.</summary>
public static class ManifestJson
{
    public static string Format(Dictionary<string, object> manifest)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            Write(writer, manifest);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(System.Text.Json.Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case IDictionary<string, object> d:
                writer.WriteStartObject();
                foreach (var (key, item) in d) { writer.WritePropertyName(key); Write(writer, item); }
                writer.WriteEndObject();
                break;
            case IEnumerable<object> list:
                writer.WriteStartArray();
                foreach (var item in list) Write(writer, item);
                writer.WriteEndArray();
                break;
            default: throw new ArgumentException($"no JSON for {value.GetType()}");
        }
    }
}
