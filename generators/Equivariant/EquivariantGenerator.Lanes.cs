using System.Collections.Generic;

namespace TensorGen.Generators.Equivariant;

public sealed partial class EquivariantGenerator
{
    /// <summary>
    /// One width the kernels are emitted for: a portable vector type (<c>Vector512</c>, <c>Vector256</c>,
    /// <c>Vector128</c>, always written fully qualified so no user name can hide it) holding one sample per
    /// lane, or the scalar path. The same coefficient code is written for each;
    /// only loads, stores, constants and multiply-adds are spelled differently.
    /// </summary>
    internal sealed class Lane
    {
        private const string UnsafeType = "global::System.Runtime.CompilerServices.Unsafe";

        private Lane(string vector, string element)
        {
            Vector = vector;
            Element = element;
        }

        /// <summary>The vector type's name (<c>Vector256</c>), or empty for the scalar path.</summary>
        public string Vector { get; }

        /// <summary>The element type, <c>float</c> or <c>double</c>.</summary>
        public string Element { get; }

        public bool IsScalar => Vector.Length == 0;

        /// <summary>The suffix of the methods written for this width: <c>Vector256</c> or <c>Scalar</c>.</summary>
        public string Suffix => IsScalar ? "Scalar" : Vector;

        /// <summary>The register type: <c>Vector256&lt;float&gt;</c> or <c>float</c>.</summary>
        public string Type => IsScalar ? Element : $"{Qualified}<{Element}>";

        /// <summary>The class holding the static operations: <c>Vector256</c>, or <c>float</c> itself.</summary>
        private string Ops => IsScalar ? Element : Qualified;

        /// <summary>The vector class with its namespace: <c>global::System.Runtime.Intrinsics.Vector256</c>.</summary>
        private string Qualified => "global::System.Runtime.Intrinsics." + Vector;

        /// <summary>The number of samples one register holds (an expression the JIT folds to a constant).</summary>
        public string Count => IsScalar ? "1" : $"{Type}.Count";

        /// <summary>A register of zeros.</summary>
        public string Zero => IsScalar ? "0" : $"{Type}.Zero";

        /// <summary>The sum of a register's lanes.</summary>
        public string Sum(string value) => $"{Ops}.Sum({value})";

        /// <summary>The widths to emit for an element type, widest first, the scalar path last.</summary>
        public static List<Lane> All(string element) =>
            [new Lane("Vector512", element), new Lane("Vector256", element), new Lane("Vector128", element), new Lane(string.Empty, element)];

        /// <summary>The value at element offset <paramref name="index"/> (an nint expression) from <paramref name="origin"/>.</summary>
        public string Load(string origin, string index) =>
            IsScalar ? $"{UnsafeType}.Add(ref {origin}, {index})" : $"{Ops}.LoadUnsafe(ref {origin}, (nuint)({index}))";

        /// <summary>A statement storing <paramref name="value"/> at element offset <paramref name="index"/> from <paramref name="origin"/>.</summary>
        public string Store(string value, string origin, string index) =>
            IsScalar ? $"{UnsafeType}.Add(ref {origin}, {index}) = {value};" : $"{Ops}.StoreUnsafe({value}, ref {origin}, (nuint)({index}));";

        /// <summary>A register with every lane equal to the scalar expression <paramref name="value"/>.</summary>
        public string Broadcast(string value) => IsScalar ? value : $"{Ops}.Create({value})";

        /// <summary>a × b + c, fused where the hardware has it (the estimate lets the scalar path without FMA stay fast).</summary>
        public string MultiplyAdd(string a, string b, string c) => $"{Ops}.MultiplyAddEstimate({a}, {b}, {c})";

        /// <summary>The square root of each lane.</summary>
        public string Sqrt(string value) => IsScalar ? (Element == "float" ? $"global::System.MathF.Sqrt({value})" : $"global::System.Math.Sqrt({value})") : $"{Ops}.Sqrt({value})";

        /// <summary>1 / length where length &gt; 0, else 0, lane by lane.</summary>
        public string SafeInverse(string length) => IsScalar
            ? $"{length} > 0 ? 1 / {length} : 0"
            : $"{Ops}.ConditionalSelect({Ops}.GreaterThan({length}, {Type}.Zero), {Type}.One / {length}, {Type}.Zero)";
    }
}
