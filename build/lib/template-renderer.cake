// Fluid templates of mkp-template/, with a `py` filter for Python literals in the rule forms.
// Fluid's dependencies are named one by one: on an empty NuGet cache Cake's `loaddependencies=true`
// installs only the package itself, and the script then fails to load Fluid (missing Parlot).
// Versions: exactly what Fluid.Core 2.41.1 asks for on net10.0.
#addin nuget:?package=Microsoft.Extensions.Primitives&version=10.0.0
#addin nuget:?package=Microsoft.Extensions.FileProviders.Abstractions&version=10.0.0
#addin nuget:?package=TimeZoneConverter&version=7.2.0
#addin nuget:?package=Parlot&version=1.5.9
#addin nuget:?package=Fluid.Core&version=2.41.1

using Fluid;
using Fluid.Values;

public sealed class TemplateRenderer
{
    private readonly DirectoryPath _templates;
    private readonly FluidParser _parser = new();
    private readonly TemplateOptions _options = new();

    public TemplateRenderer(DirectoryPath templates)
    {
        _templates = templates;
        // {{ value | py }}: a Python literal of a string, number or bool, for the rule form templates.
        _options.Filters.AddFilter("py", (input, arguments, context) => input.Type switch
        {
            FluidValues.Boolean => new StringValue(input.ToBooleanValue() ? "True" : "False"),
            FluidValues.Number => new StringValue(input.ToStringValue()),
            FluidValues.Nil => new StringValue("None"),
            _ => new StringValue(PythonRepr.String(input.ToStringValue())),
        });
        // {{ "message" | raise }}: a template meets what it cannot render (e.g. a rule field of a kind it does not know).
        _options.Filters.AddFilter("raise", (input, arguments, context) => throw new CakeException("template: " + input.ToStringValue()));
    }

    public string Render(string name, IReadOnlyDictionary<string, object> model)
    {
        var path = _templates.CombineWithFilePath(name).FullPath;
        if (!_parser.TryParse(System.IO.File.ReadAllText(path), out var template, out var error))
            throw new CakeException($"{path}: {error}");
        var context = new TemplateContext(_options);
        foreach (var (key, value) in model) context.SetValue(key, value);
        // NullEncoder: the output is shell, Python and text, never HTML.
        return template.Render(context, NullEncoder.Default);
    }
}

/// <summary>repr() of a Python 3 str, for the rule form templates. `info` is written by Python itself (mkp_check.py info).</summary>
public static class PythonRepr
{
    public static string String(string value)
    {
        var quote = value.Contains('\'') && !value.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder().Append(quote);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote) sb.Append('\\').Append(c);
                    else if (c < 0x20 || (c >= 0x7f && c <= 0xa0)) sb.Append($"\\x{(int)c:x2}");
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }
}
