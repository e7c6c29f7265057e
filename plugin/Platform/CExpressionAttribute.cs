namespace IlertNotify.Platform;

/// <summary>The C expression (macro, <c>offsetof</c>, <c>sizeof</c>) a <see cref="LinuxAbi"/> value stands for.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class CExpressionAttribute(string expression) : Attribute
{
    public string Expression { get; } = expression;
}
