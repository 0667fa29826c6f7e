using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Regfin.Core.Policy;

namespace Regfin.Core.Tests.Policy;

/// <summary>
/// The native program keeps, of the policy's document classes, only what <see cref="PolicyParser.Parse"/>
/// names in its <see cref="DynamicDependencyAttribute"/>s (design.md, "The native program"): a class
/// added to the policy file's shape without one would lose its properties in the native program alone.
/// </summary>
public class PolicyDocumentTrimmingTests
{
    [Fact]
    public void Parse_keeps_every_class_the_policy_document_reaches_for_YamlDotNet()
    {
        var kept = typeof(PolicyParser).GetMethod(nameof(PolicyParser.Parse))!
            .GetCustomAttributes<DynamicDependencyAttribute>()
            .Select(a => (a.Type!, a.MemberTypes))
            .ToList();

        Assert.Equal(Reached(typeof(PolicyDocument)).OrderBy(t => t.Name), kept.Select(k => k.Item1).OrderBy(t => t.Name));
        Assert.All(kept, k => Assert.Equal(
            DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties, k.MemberTypes));
    }

    /// <summary>
    /// The types of this assembly reachable through properties (arrays' elements and lists' and
    /// dictionaries' type arguments included): the classes, and any enum or struct, which would need keeping too.
    /// </summary>
    private static HashSet<Type> Reached(Type root)
    {
        var found = new HashSet<Type>();
        var next = new Stack<Type>([root]);
        while (next.TryPop(out var type))
        {
            if (type.IsArray)
            {
                next.Push(type.GetElementType()!);
                continue;
            }

            if (type.Assembly != typeof(PolicyDocument).Assembly)
            {
                foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
                {
                    next.Push(argument);
                }

                continue;
            }

            if (!found.Add(type) || !type.IsClass)
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                next.Push(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);
            }
        }

        return found;
    }
}
