/// The declarations the never-break-a-build property draws from: one valid seed per family and shape, every
/// bug class found in the generators as its own named regression case, and FsCheck generators for the rest
/// (truncations and damage of the seeds, hostile names substituted into them, random Add/Multiply bodies).
module TensorGen.Properties.GeneratorCorpus

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen.Properties.GeneratorFuzz

// ---- seeds: valid declarations of every family ------------------------------------------------------------

let private file (usings: string) (body: string) = $"{usings}\n\nnamespace Ns;\n\n{body}\n"

let private uses = "using System;\nusing TensorGen;\nusing TensorGen.Numerics;\nusing TensorGen.Equivariant;"

let semiringOf (name: string) (t: string) (zero: string) (one: string) (add: string) (multiply: string) =
    file uses $$"""/// <summary>A semiring.</summary>
[Semiring]
public readonly partial struct {{name}} : ISemiring<{{name}}, {{t}}>
{
    /// <summary>Zero.</summary>
    public static {{t}} Zero => {{zero}};
    /// <summary>One.</summary>
    public static {{t}} One => {{one}};
    /// <summary>Add.</summary>
    public static {{t}} Add({{t}} x, {{t}} y) => {{add}};
    /// <summary>Multiply.</summary>
    public static {{t}} Multiply({{t}} x, {{t}} y) => {{multiply}};
}"""

/// A static partial class `Layers` holding `members`.
let layersOf (members: string) =
    file uses $"/// <summary>Layers.</summary>\npublic static partial class Layers\n{{\n{members}\n}}"

let private method (attribute: string) (name: string) (parameters: string) =
    $"    /// <summary>A kernel.</summary>\n    [{attribute}]\n    public static partial void {name}({parameters});"

let shParameters t = $"ReadOnlySpan<{t}> x, ReadOnlySpan<{t}> y, ReadOnlySpan<{t}> z, Span<{t}> output"
let productParameters t = $"ReadOnlySpan<{t}> x1, ReadOnlySpan<{t}> x2, ReadOnlySpan<{t}> weights, Span<{t}> output, int batch"
let unweightedParameters t = $"ReadOnlySpan<{t}> x1, ReadOnlySpan<{t}> x2, Span<{t}> output, int batch"
let permutationParameters = "ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> output, int n"
let matVecParameters = "ReadOnlySpan<BlockQ4_0> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols"
let matMulParameters = "ReadOnlySpan<BlockQ4_0> w, ReadOnlySpan<float> x, Span<float> y, int m, int n, int k"

let harmonicsOf lmax t = method $"SphericalHarmonics({lmax})" "Sh" (shParameters t)
let connectedOf (irreps1: string) (irreps2: string) (output: string) =
    method $"TensorProduct(\"{irreps1}\", \"{irreps2}\", \"{output}\", Kind = TensorProductKind.FullyConnected)" "Message" (productParameters "float")
let fullOf (irreps: string) =
    method $"TensorProduct(\"{irreps}\", \"{irreps}\", \"\", Kind = TensorProductKind.Full)" "Tp" (unweightedParameters "float")
let permutationOf k l = method $"PermutationEquivariant({k}, {l}, InChannels = 2, OutChannels = 3)" "Edges" permutationParameters

let multivectorOf (arguments: string) (name: string) =
    file uses $"/// <summary>A multivector.</summary>\n[Multivector({arguments})]\npublic partial struct {name};"

let seeds : Case list =
    [ case "semiring min-plus f32" Valid (semiringOf "Distance" "float" "float.PositiveInfinity" "0f" "SemiringMath.MinNative(x, y)" "x + y")
      case "semiring max-plus f64" Valid (semiringOf "Score" "double" "double.NegativeInfinity" "0.0" "Math.Max(x, y)" "x + y")
      case "semiring guarded min-plus int" Valid
          (semiringOf "Hops" "int" "int.MaxValue" "0" "x < y ? x : y" "x == int.MaxValue || y == int.MaxValue ? int.MaxValue : x + y")
      case "semiring or-and bool" Valid (semiringOf "Reach" "bool" "false" "true" "x || y" "x && y")
      case "semiring counting long" Valid (semiringOf "Count" "long" "0L" "1L" "x + y" "x * y")
      case "precision Q4_0 matvec and matmul" Valid
          (layersOf (method "CompressedMatVec(StorageFormat.Q4_0)" "Project" matVecParameters + "\n"
                     + method "CompressedMatMul(StorageFormat.Q4_0)" "Multiply" matMulParameters))
      case "precision bf16 matvec" Valid
          (layersOf (method "CompressedMatVec(StorageFormat.BFloat16)" "Project" "ReadOnlySpan<BFloat16> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols"))
      case "permutation 2 -> 2" Valid (layersOf (permutationOf 2 2))
      case "harmonics l 2 f32" Valid (layersOf (harmonicsOf 2 "float"))
      case "harmonics l 3 f64 component" Valid
          (layersOf (method "SphericalHarmonics(3, Normalization = ShNormalization.Component)" "Sh" (shParameters "double")))
      case "tensor product fully connected" Valid (layersOf (connectedOf "4x0e" "1x0e + 1x1o + 1x2e" "4x0e + 4x1o + 4x2e"))
      case "tensor product full l 1" Valid (layersOf (fullOf "1x0e + 1x1o"))
      case "multivector PGA motor" Valid (multivectorOf "3, 0, 1, Grades = [0, 2, 4]" "Motor")
      case "multivector Cl(2,0,0)" Valid (multivectorOf "2, 0, 0" "Plane") ]

// ---- regression cases: one per bug class ---------------------------------------------------------------

let private deepSum terms = String.Join(" + ", Array.init terms (fun i -> if i % 2 = 0 then "x" else "y"))
let private nested depth = String('(', depth) + "x" + String(')', depth) + " + y"

/// Names that collide with generated locals, keywords, or generated members.
let hostileNames =
    [ "w"; "a"; "b"; "c"; "o"; "done"; "count"; "n"; "xs"; "i"; "j"; "k"; "m"; "s"; "t"; "v"; "lane"; "row"; "col"; "block"
      "batch"; "sample"; "length"; "offset"; "result"; "acc"; "sum"; "value"; "span"; "@float"; "@int"; "@class"; "@event"
      "global"; "var"; "dynamic"; "nameof"; "value__"; "Vector256"; "Vector512"; "Unsafe"; "MemoryMarshal"; "System" ]

let regressions : Case list =
    [ // a namespace whose name did not parse: the generated part cannot name it, so no code
      case "a multivector in a namespace whose name is missing ('namespace.</summary>')" Either
          "using System;\nusing TensorGen;\nusing TensorGen.Numerics;\nusing TensorGen.Equivariant;\n\nnamespace.</summary>\n[Multivector(3, 0, 1, Grades = [0, 2, 4])]\npublic partial struct Motor;\n"
      case "harmonics in a block namespace whose name is half typed ('namespace Ns. { … }')" Either
          ((layersOf (harmonicsOf 1 "float")).Replace("namespace Ns;", "namespace Ns. {") + "}\n")
      // duplicate hint names
      case "two overloads of one [SphericalHarmonics] method" Valid
          (layersOf (harmonicsOf 1 "float" + "\n" + harmonicsOf 1 "double"))
      case "two overloads of one [TensorProduct] method (their generated constants would collide)" Invalid
          (layersOf (method "TensorProduct(\"1x0e + 1x1o\", \"1x0e + 1x1o\", \"\", Kind = TensorProductKind.Full)" "Tp" (unweightedParameters "float") + "\n"
                     + method "TensorProduct(\"1x0e + 1x1o\", \"1x0e + 1x1o\", \"\", Kind = TensorProductKind.Full)" "Tp" (unweightedParameters "double")))
      case "two overloads of one [CompressedMatVec] method" Valid
          (layersOf (method "CompressedMatVec(StorageFormat.Q4_0)" "Project" matVecParameters + "\n"
                     + method "CompressedMatVec(StorageFormat.BFloat16)" "Project" "ReadOnlySpan<BFloat16> w, ReadOnlySpan<float> x, Span<float> y, int rows, int cols"))
      case "a [PermutationEquivariant] method beside a plain overload" Valid
          (layersOf (permutationOf 1 1 + "\n    /// <summary>Mine.</summary>\n    public static void Edges(int n) { }"))
      case "two semirings whose names differ only in case" Valid
          (semiringOf "Dist" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y"
           + (semiringOf "dist" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y").Replace(uses, "").Replace("namespace Ns;", ""))
      case "two semirings in namespaces that differ only in case" Valid
          ((semiringOf "Dist" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y").Replace("namespace Ns;", "namespace NS {") + "}\n"
           + (semiringOf "Dist" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y").Replace(uses, "").Replace("namespace Ns;", "namespace nS {") + "}\n")
      case "two multivectors whose names differ only in case" Valid
          (multivectorOf "2, 0, 0" "Plane" + (multivectorOf "2, 0, 0" "plane").Replace(uses, "").Replace("namespace Ns;", ""))
      case "two harmonics classes whose names differ only in case" Valid
          (layersOf (harmonicsOf 1 "float") + (layersOf (harmonicsOf 1 "float")).Replace(uses, "").Replace("namespace Ns;", "").Replace("class Layers", "class layers"))
      case "[Semiring] on both parts of a partial struct" Invalid
          (semiringOf "Distance" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y"
           + "/// <summary>Part.</summary>\n[Semiring]\npublic readonly partial struct Distance { }\n")
      case "[Multivector] on both parts of a partial struct" Invalid
          (multivectorOf "2, 0, 0" "Plane" + "[Multivector(2, 0, 0)]\npublic partial struct Plane { }\n")
      // expressions that are too deep or too large
      case "Add is a sum of 5,000 terms" Invalid (semiringOf "Big" "float" "0f" "1f" (deepSum 5000) "x * y")
      case "Add is 3,000 nested parentheses" Invalid (semiringOf "Deep" "float" "0f" "1f" (nested 3000) "x * y")
      case "Add is 400 nested parentheses" Invalid (semiringOf "Deep" "float" "0f" "1f" (nested 400) "x * y")
      case "Add nests 300 conditionals" Invalid
          (semiringOf "Cond" "float" "0f" "1f" (String.replicate 300 "x < y ? x : " + "y") "x * y")
      // sizes that overflow
      case "tensor product multiplicity int.MaxValue" Invalid (layersOf (fullOf "2147483647x0e"))
      case "tensor product multiplicity past int" Invalid (layersOf (fullOf "99999999999x0e"))
      case "tensor product degree int.MaxValue" Invalid (layersOf (fullOf "1x2147483647e"))
      case "tensor product degree 44" Invalid (layersOf (fullOf "1x44e"))
      case "tensor product output multiplicity negative" Invalid (layersOf (connectedOf "1x0e" "1x0e" "-2x0e"))
      case "tensor product output multiplicity zero" Invalid (layersOf (connectedOf "1x0e" "1x0e" "0x0e"))
      case "tensor product weights overflow" Invalid (layersOf (connectedOf "60000x0e" "1x0e" "60000x0e"))
      case "permutation order int.MaxValue" Invalid (layersOf (method "PermutationEquivariant(int.MaxValue, 1)" "Edges" permutationParameters))
      case "permutation channels int.MaxValue" Invalid
          (layersOf (method "PermutationEquivariant(1, 1, InChannels = int.MaxValue, OutChannels = int.MaxValue)" "Edges" permutationParameters))
      case "multivector signature int.MaxValue" Invalid (multivectorOf "int.MaxValue, int.MaxValue, 3" "Huge")
      case "multivector grade int.MaxValue" Invalid (multivectorOf "2, 0, 0, Grades = [int.MaxValue]" "Odd")
      case "harmonics lmax int.MaxValue" Invalid (layersOf (harmonicsOf "int.MaxValue" "float"))
      // names that collide with generated locals
      for name in [ "w"; "a"; "b"; "c"; "o"; "done"; "i"; "acc"; "sample" ] do
          case $"tensor product weights named {name}" Valid
              (layersOf (method "TensorProduct(\"4x0e\", \"1x0e + 1x1o\", \"4x0e + 4x1o\", Kind = TensorProductKind.FullyConnected)" "Message"
                             (productParameters "float" |> fun p -> p.Replace("weights", name))))
      for name in [ "count"; "n"; "xs"; "i"; "lane"; "s" ] do
          case $"harmonics output named {name}" Valid (layersOf (method "SphericalHarmonics(2)" "Sh" ((shParameters "float").Replace("output", name))))
      for name in [ "i"; "n"; "row"; "acc"; "block" ] do
          case $"matvec rows named {name}" Valid
              (layersOf (method "CompressedMatVec(StorageFormat.Q4_0)" "Project" (matVecParameters.Replace("rows", name))))
      for name in [ "i"; "j"; "count"; "total" ] do
          case $"permutation n named {name}" Valid (layersOf (permutationOf 1 1 |> fun m -> m.Replace("int n", "int " + name)))
      // expressions the writer must keep intact
      case "Add negates a negation" Valid (semiringOf "Neg" "float" "float.PositiveInfinity" "0f" "MathF.Min(-(-x), y)" "x + y")
      case "Multiply subtracts a negation" Valid (semiringOf "Neg2" "int" "int.MaxValue" "0" "Math.Min(x, y)" "x - -y")
      case "Add reads a constant named @float" Valid
          ((semiringOf "Kw" "float" "@float" "0f" "MathF.Min(x, y) + @float" "x + y")
               .Replace("/// <summary>Zero.</summary>", "/// <summary>A constant.</summary>\n    public const float @float = 0f;\n    /// <summary>Zero.</summary>"))
      case "semiring named with a keyword" Valid (semiringOf "@struct" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y")
      // visibility and modifiers
      case "file-local semiring" Invalid
          ((semiringOf "Local" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y").Replace("public readonly partial struct", "file readonly partial struct"))
      case "file-local multivector" Invalid ((multivectorOf "2, 0, 0" "Plane").Replace("public partial struct", "file partial struct"))
      case "file-local layers class" Invalid ((layersOf (harmonicsOf 1 "float")).Replace("public static partial class", "file static partial class"))
      case "harmonics as an extension method" Valid
          (layersOf (method "SphericalHarmonics(1)" "Sh" ("this " + shParameters "float")))
      case "harmonics with scoped spans" Valid
          (layersOf (method "SphericalHarmonics(1)" "Sh" "scoped ReadOnlySpan<float> x, scoped ReadOnlySpan<float> y, scoped ReadOnlySpan<float> z, scoped Span<float> output"))
      case "matvec with scoped spans" Valid
          (layersOf (method "CompressedMatVec(StorageFormat.Q4_0)" "Project" "scoped ReadOnlySpan<BlockQ4_0> w, scoped ReadOnlySpan<float> x, scoped Span<float> y, int rows, int cols"))
      case "permutation with scoped spans" Valid
          (layersOf (method "PermutationEquivariant(1, 1)" "Edges" "scoped ReadOnlySpan<float> input, scoped ReadOnlySpan<float> weights, scoped Span<float> output, int n"))
      case "async harmonics" Invalid ((layersOf (harmonicsOf 1 "float")).Replace("public static partial void Sh", "public static async partial void Sh"))
      case "unsafe harmonics" Invalid ((layersOf (harmonicsOf 1 "float")).Replace("public static partial void Sh", "public static unsafe partial void Sh"))
      case "unsafe matvec" Invalid
          (layersOf (method "CompressedMatVec(StorageFormat.Q4_0)" "Project" matVecParameters |> fun m -> m.Replace("static partial", "static unsafe partial")))
      case "extern permutation" Invalid (layersOf (permutationOf 1 1 |> fun m -> m.Replace("static partial", "static extern partial")))
      case "ref parameters in Add" Invalid
          ((semiringOf "Refs" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y").Replace("Add(float x, float y)", "Add(ref float x, ref float y)"))
      case "in parameters in Multiply" Invalid
          ((semiringOf "Ins" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y").Replace("Multiply(float x, float y)", "Multiply(in float x, in float y)"))
      case "generic Add" Invalid
          ((semiringOf "Gen" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y").Replace("Add(float x, float y)", "Add<T>(float x, float y)"))
      case "ref parameter in harmonics" Invalid
          (layersOf (method "SphericalHarmonics(1)" "Sh" "ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, ref Span<float> output"))
      // user names the generated code refers to
      case "user type named Vector256 beside a semiring" Valid
          (semiringOf "Distance" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y" + "internal static class Vector256 { }\ninternal static class Vector512 { }\ninternal static class Vector128 { }\n")
      case "user type named Vector256 beside harmonics" Valid
          (layersOf (harmonicsOf 2 "float") + "internal static class Vector256 { }\ninternal static class Vector512 { }\ninternal static class Unsafe { }\n")
      case "user types named System and TensorGen" Valid
          (layersOf (harmonicsOf 1 "float" + "\n" + permutationOf 1 1) + "internal static class System { }\n")
      case "global using alias Vector256" Valid
          ("global using Vector256 = System.String;\n" + semiringOf "Distance" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y")
      case "semiring named MatMul" Invalid (semiringOf "MatMul" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y")
      case "semiring named Dot" Invalid (semiringOf "Dot" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y")
      case "semiring with a user property named MatMul" Invalid
          ((semiringOf "Distance" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y")
               .Replace("/// <summary>Zero.</summary>", "/// <summary>Mine.</summary>\n    public static int MatMul => 0;\n    /// <summary>Zero.</summary>"))
      case "semiring with a user overload of MatMul" Valid
          ((semiringOf "Distance" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y")
               .Replace("/// <summary>Zero.</summary>", "/// <summary>Mine.</summary>\n    public static void MatMul() { }\n    /// <summary>Zero.</summary>"))
      case "multivector named Scalar" Invalid (multivectorOf "2, 0, 0" "Scalar")
      case "multivector named Norm" Invalid (multivectorOf "2, 0, 0" "Norm")
      case "multivector with a user member named Norm" Invalid
          ((multivectorOf "2, 0, 0" "Plane").Replace("public partial struct Plane;", "public partial struct Plane { /// <summary>Mine.</summary>\n public float Norm() => 0f; }"))
      case "multivector with a primary constructor" Invalid
          ((multivectorOf "2, 0, 0" "Plane").Replace("public partial struct Plane;", "public partial struct Plane(float s) { }"))
      case "[Semiring] and [Multivector] on one struct" Invalid
          ((semiringOf "Both" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y").Replace("[Semiring]", "[Semiring, Multivector(2, 0, 0)]"))
      case "internal and public multivectors of one algebra" Valid
          (multivectorOf "3, 0, 0" "Full3" + "/// <summary>Vectors.</summary>\n[Multivector(3, 0, 0, Grades = [1])]\ninternal partial struct Vec3;\n")
      // text the generator copies into comments
      case "irreps with line breaks" Valid
          (layersOf (method "TensorProduct(\"\"\"\n        1x0e +\n        1x1o\n        \"\"\", \"1x0e + 1x1o\", \"\", Kind = TensorProductKind.Full)" "Tp" (unweightedParameters "float")))
      case "irreps with a comment terminator" Invalid (layersOf (fullOf "1x0e */ + 1x1o"))
      // attributes where they cannot be honoured
      case "[SphericalHarmonics] on a local function" Invalid
          (layersOf ("    /// <summary>Host.</summary>\n    public static void Host()\n    {\n        [SphericalHarmonics(1)]\n        static void Sh(" + shParameters "float" + ") { }\n    }"))
      case "[PermutationEquivariant] on a local function" Invalid
          (layersOf $"    /// <summary>Host.</summary>\n    public static void Host()\n    {{\n        [PermutationEquivariant(1, 1)]\n        static void Edges({permutationParameters}) {{ }}\n    }}")
      case "[CompressedMatVec] on a local function" Invalid
          (layersOf $"    /// <summary>Host.</summary>\n    public static void Host()\n    {{\n        [CompressedMatVec(StorageFormat.Q4_0)]\n        static void P({matVecParameters}) {{ }}\n    }}")
      case "[TensorProduct] on a lambda" Invalid
          (layersOf "    /// <summary>Host.</summary>\n    public static void Host()\n    {\n        var f = [TensorProduct(\"1x0e\", \"1x0e\", \"\", Kind = TensorProductKind.Full)] (int batch) => { };\n    }")
      case "[SphericalHarmonics] on an accessor" Invalid
          (layersOf "    /// <summary>A value.</summary>\n    public static int Value { [SphericalHarmonics(1)] get => 0; }")
      case "[CompressedMatMul] on an operator" Invalid
          (file uses "/// <summary>A value.</summary>\npublic partial struct V\n{\n    /// <summary>Plus.</summary>\n    [CompressedMatMul(StorageFormat.Q4_0)]\n    public static V operator +(V a, V b) => a;\n}")
      case "[PermutationEquivariant] on a constructor" Invalid
          (file uses "/// <summary>A value.</summary>\npublic partial class V\n{\n    /// <summary>New.</summary>\n    [PermutationEquivariant(1, 1)]\n    public V() { }\n}")
      case "harmonics with an implementing declaration written by hand" Invalid
          (layersOf (harmonicsOf 1 "float" + "\n    public static partial void Sh(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output) { }"))
      case "matvec with an implementing declaration written by hand" Invalid
          (layersOf (method "CompressedMatVec(StorageFormat.Q4_0)" "Project" matVecParameters + "\n    public static partial void Project(" + matVecParameters + ") { }"))
      // declarations whose own errors the compiler reports, which generated code would repeat
      case "matvec with two parameters named n" Invalid
          (layersOf (method "CompressedMatMul(StorageFormat.Q4_0)" "Multiply" (matMulParameters.Replace("Span<float> x", "Span<float> n"))))
      case "tensor product with two parameters named batch" Invalid
          (layersOf (method "TensorProduct(\"1x0e + 1x1o\", \"1x0e + 1x1o\", \"\", Kind = TensorProductKind.Full)" "Tp" ((unweightedParameters "float").Replace("x1", "batch"))))
      case "a [CompressedMatVec] method outside any type" Invalid
          (file uses ("/// <summary>A kernel.</summary>\n[CompressedMatVec(StorageFormat.Q4_0)]\npublic static partial void Project(" + matVecParameters + ");"))
      case "two identical [SphericalHarmonics] declarations" Invalid (layersOf (harmonicsOf 1 "float" + "\n" + harmonicsOf 1 "float"))
      // declarations with syntax errors of their own
      case "half-typed parameter list" Either (layersOf (method "SphericalHarmonics(1)" "Sh" "int)"))
      case "half-typed permutation parameters" Either (layersOf (method "PermutationEquivariant(1, 1)" "Edges" "ReadOnlySpan<float> input, int"))
      case "half-typed matvec" Either (layersOf (method "CompressedMatVec(StorageFormat.Q4_0)" "Project" "ReadOnlySpan<BlockQ4_0> w, ReadOnlySpan<float"))
      case "semiring missing a brace" Either
          ((semiringOf "Distance" "float" "float.PositiveInfinity" "0f" "MathF.Min(x, y)" "x + y").Replace("    /// <summary>One.</summary>", "}\n    /// <summary>One.</summary>")) ]

// ---- generated cases -----------------------------------------------------------------------------------

/// A random, well-typed body for Add or Multiply over float x and y.
let rec private floatExpression (depth: int) : Gen<string> =
    let leaves = Gen.elements [ "x"; "y"; "0f"; "1f"; "-1f"; "0.5f"; "float.PositiveInfinity"; "float.NegativeInfinity"; "float.NaN"; "float.Epsilon" ]
    if depth = 0 then leaves
    else
        let sub = floatExpression (depth - 1)
        Gen.oneof
            [ leaves
              Gen.map2 (fun a b -> $"({a} + {b})") sub sub
              Gen.map2 (fun a b -> $"({a} - {b})") sub sub
              Gen.map2 (fun a b -> $"({a} * {b})") sub sub
              Gen.map (fun a -> $"-{a}") sub
              Gen.map (fun a -> $"(-({a}))") sub
              Gen.map2 (fun a b -> $"MathF.Min({a}, {b})") sub sub
              Gen.map2 (fun a b -> $"MathF.Max({a}, {b})") sub sub
              Gen.map2 (fun a b -> $"SemiringMath.MinNative({a}, {b})") sub sub
              Gen.map2 (fun a b -> $"SemiringMath.MaxNative({a}, {b})") sub sub
              Gen.map3 (fun c a b -> $"({c} < {b} ? {a} : {b})") sub sub sub
              Gen.map2 (fun a b -> $"(float)Math.Max((double){a}, {b})") sub sub ]

let randomSemiring : Gen<Case> =
    gen {
        let! depth = Gen.choose (0, 4)
        let! add = floatExpression depth
        let! multiply = floatExpression depth
        return case $"random semiring Add = {add}, Multiply = {multiply}" Either
                    (semiringOf "Random" "float" "float.PositiveInfinity" "0f" add multiply) }

/// A seed with one of its parameter or type names replaced by a hostile one (kept only where it still parses as
/// the same declaration: the replacement is whole-word).
let hostileRename : Gen<Case> =
    gen {
        let! seed = Gen.elements seeds
        let! target = Gen.elements [ "x"; "y"; "w"; "output"; "weights"; "input"; "batch"; "rows"; "cols"; "n"; "x1"; "x2"; "Layers"; "Distance"; "Motor"; "Ns" ]
        let! name = Gen.elements hostileNames
        let renamed = Text.RegularExpressions.Regex.Replace(seed.Source, $@"(?<![\w.@""]){Text.RegularExpressions.Regex.Escape target}(?![\w""])", name)
        return case $"{seed.Name} with {target} renamed {name}" Either renamed }

/// A seed cut off, or with a span or a line deleted, as an editor shows it while typing.
let damaged : Gen<Case> =
    gen {
        let! source, edit = GeneratorHarness.halfTyped (seeds |> List.map (fun s -> s.Source))
        return case $"damaged seed ({edit})" Either (GeneratorHarness.applyEdit source edit) }

/// Every tenth-character truncation of every seed and regression case: the fixed part of the long corpus.
let truncations : Case list =
    [ for c in seeds @ regressions do
          if c.Source.Length < 4000 then
              for at in 10 .. 10 .. c.Source.Length - 1 -> case $"{c.Name} cut at {at}" Either (c.Source.Substring(0, at)) ]

let anyCase : Gen<Case> = Gen.oneof [ randomSemiring; hostileRename; damaged; Gen.elements truncations ]

// ---- the tests -----------------------------------------------------------------------------------------

/// Cases per run of the generated-declaration property: a few hundred by default, TENSORGEN_FSCHECK_MAX_TESTS for sweeps.
let private generatedCases =
    match Environment.GetEnvironmentVariable "TENSORGEN_FSCHECK_MAX_TESTS" |> Int32.TryParse with
    | true, n when n > 0 -> n
    | _ -> 300

/// The whole corpus with a tally (set TENSORGEN_GENERATOR_CORPUS=1): every seed, regression and truncation, and as
/// many generated cases again; prints one line per broken case and the counts per kind of failure.
let private wholeCorpus () =
    let generated = Gen.sample (max generatedCases 1000) anyCase
    let all = seeds @ regressions @ truncations @ List.ofSeq generated
    let broken = [ for c in all do match violations c (outcome c.Source) with [] -> () | found -> yield c, found ]
    for c, found in broken do printfn "BROKEN %s: %s" c.Name (List.head found)
    let count (prefix: string) = broken |> List.filter (fun (_, f) -> f |> List.exists (fun v -> v.StartsWith prefix)) |> List.length
    printfn "generator corpus: %d declarations, %d broken (crashes %d, generated-file problems %d, new errors %d, unreported invalid %d, slow %d)"
        all.Length broken.Length (count "generator crashed") (count "generated file") (count "new error") (count "invalid declaration") (count "took")
    Expect.isEmpty broken "every declaration of the corpus keeps the build whole"

let tests =
    testList "generator.fuzz"
        [ testList "seeds" [ for c in seeds -> test c.Name { check c } ]
          testList "regressions" [ for c in regressions -> test c.Name { check c } ]
          testPropertyWithConfig { FsCheckConfig.defaultConfig with maxTest = generatedCases }
              "generated declarations (random bodies, hostile names, half-typed seeds, truncations): no crash, no error in generated code, no new error"
              (Prop.forAll (Arb.fromGenShrink (anyCase, fun _ -> Seq.empty)) check)
          if Environment.GetEnvironmentVariable "TENSORGEN_GENERATOR_CORPUS" = "1" then
              test "the whole corpus (TENSORGEN_GENERATOR_CORPUS=1)" { wholeCorpus () } ]
