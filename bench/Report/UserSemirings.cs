namespace TensorGen.Bench.Report;

/// <summary>Semirings declared in the bench the way a user declares them, to compare with the built-ins.</summary>
internal static class UserSemirings
{
    /// <summary>The report's name for <see cref="UserMaxPlus"/>.</summary>
    public const string UserMaxPlusName = "user-max-plus";
}

/// <summary>A user's own max-plus over float: the same operations as <see cref="TensorGen.Semirings.MaxPlusSingle"/>.</summary>
[Semiring]
internal readonly partial struct UserMaxPlus : ISemiring<UserMaxPlus, float>
{
    public static float Zero => float.NegativeInfinity;

    public static float One => 0f;

    public static float Add(float x, float y) => SemiringMath.MaxNative(x, y);

    public static float Multiply(float x, float y) => x + y;
}
