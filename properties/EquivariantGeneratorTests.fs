/// The equivariant generator driven through CSharpGeneratorDriver: emitted source (path and coefficient counts,
/// header, invariant-culture literals, compiles without warnings), diagnostics TGEN0200–TGEN0207 at the
/// declaration with messages that say where, models free of compiler objects, and incrementality.
module TensorGen.Properties.EquivariantGeneratorTests

open System
open System.Collections.Generic
open System.Text.RegularExpressions
open Expecto
open Microsoft.CodeAnalysis
open Microsoft.CodeAnalysis.CSharp
open TensorGen.Generators.Common
open TensorGen.Generators.Equivariant
open TensorGen.Properties.GeneratorHarness

let newEquivariantDriver () : GeneratorDriver =
    CSharpGeneratorDriver.Create(
        [| EquivariantGenerator().AsSourceGenerator() |],
        parseOptions = parseOptions,
        driverOptions = GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps = true))
    :> GeneratorDriver

let layers (members: string) =
    $$"""using System;
using TensorGen.Equivariant;

namespace Ns;

/// <summary>Layers.</summary>
public static partial class Layers
{
{{members}}
}
"""

let product (attribute: string) (parameters: string) =
    $"""    /// <summary>A product.</summary>
    {attribute}
    public static partial void Tp({parameters});"""

let unweighted = "ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch"
let weighted = "ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> weights, Span<double> output, int batch"

let harmonics (attribute: string) (parameters: string) =
    $"""    /// <summary>Harmonics.</summary>
    {attribute}
    public static partial void Sh({parameters});"""

let shParameters = "ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output"

/// Fails with the first few compiler warnings and errors of the generated output, if any.
let compilesClean (run: Run) =
    match problems run.Output |> List.map string with
    | [] -> ()
    | found -> failtestf "the output does not compile clean:\n%s" (String.Join("\n", List.truncate 5 found))

let generateEquivariant (source: string) = runWith (newEquivariantDriver ()) (compile source)

let full2 = layers (product "[TensorProduct(\"1x0e + 1x1o + 1x2e\", \"1x0e + 1x1o + 1x2e\", \"\", Kind = TensorProductKind.Full)]" unweighted)

/// Invalid declarations: name, source, expected id, a fragment the message must contain, the text the span covers.
let invalid =
    [ "irreps that do not parse say which and where", layers (product "[TensorProduct(\"1x0e + 2x1q\", \"1x0e\", \"1x0e\", Kind = TensorProductKind.FullyConnected)]" weighted),
      "TGEN0200", "at position 7 (\"2x1q\"): the parity 'q' is not e, o or y"
      "a triangle violation", layers (product "[TensorProduct(\"1x2e\", \"1x0e\", \"1x1e\", Instructions = \"(0, 0, 0, 'uvu', False)\")]" unweighted),
      "TGEN0201", "violates the triangle rule"
      "a parity violation", layers (product "[TensorProduct(\"1x1o\", \"1x1o\", \"1x0o\", Instructions = \"(0, 0, 0, 'uvw', True)\")]" weighted),
      "TGEN0201", "violates the parity rule"
      "lmax 9", layers (harmonics "[SphericalHarmonics(9)]" shParameters), "TGEN0202", "up to l = 9"
      "lmax -1", layers (harmonics "[SphericalHarmonics(-1)]" shParameters), "TGEN0202", "up to l = -1"
      "an instance method", layers "    [SphericalHarmonics(2)]\n    public partial void Sh(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> output);",
      "TGEN0203", "it is not static"
      "harmonics of ints", layers (harmonics "[SphericalHarmonics(2)]" "ReadOnlySpan<int> x, ReadOnlySpan<int> y, ReadOnlySpan<int> z, Span<int> output"),
      "TGEN0204", "ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> z, Span<T> output"
      "a weighted product without weights", layers (product "[TensorProduct(\"1x1o\", \"1x1o\", \"1x0e\", Kind = TensorProductKind.FullyConnected)]" unweighted),
      "TGEN0204", "ReadOnlySpan<T> weights"
      "instructions that do not parse", layers (product "[TensorProduct(\"1x1o\", \"1x1o\", \"1x0e\", Instructions = \"(0, 0, 0, 'uvx', True)\")]" weighted),
      "TGEN0205", "mode 'uvx' is not one of"
      "an instruction past the irreps", layers (product "[TensorProduct(\"1x1o\", \"1x1o\", \"1x0e\", Instructions = \"(0, 1, 0, 'uvw', True)\")]" weighted),
      "TGEN0205", "refers past the irreps"
      "uvu with the wrong output multiplicity", layers (product "[TensorProduct(\"2x1o\", \"1x1o\", \"1x0e\", Instructions = \"(0, 0, 0, 'uvu', True)\")]" weighted),
      "TGEN0205", "mode uvu needs mul_out = mul1"
      "a full product with a wrong output", layers (product "[TensorProduct(\"1x1o\", \"1x1o\", \"1x0e\", Kind = TensorProductKind.Full)]" unweighted),
      "TGEN0206", "has output irreps 1x0e+1x1e+1x2e"
      "element-wise inputs of different sizes", layers (product "[TensorProduct(\"2x1o\", \"1x1o\", \"\", Kind = TensorProductKind.Elementwise)]" unweighted),
      "TGEN0206", "as many irreps"
      "an undefined normalization", layers (harmonics "[SphericalHarmonics(2, Normalization = (ShNormalization)7)]" shParameters),
      "TGEN0207", "Normalization = 7"
      "Layout 3", layers (harmonics "[SphericalHarmonics(2, Layout = (BatchLayout)3)]" shParameters), "TGEN0207", "Layout = 3" ]

let tests =
    testList "generator" [
        test "full product of 1x0e + 1x1o + 1x2e with itself: 19 paths, 244 nonzero coefficients, 244 multiply-adds in the forward; compiles without warnings" {
            let run = generateEquivariant full2
            Expect.isNone (crash run) "no crash"
            Expect.isEmpty (ids run) "no diagnostics"
            let text = sourceEnding "Ns.Layers.Tp.TensorProduct.g.cs" run
            Expect.stringStarts text "// <auto-generated/>" "header"
            Expect.equal (run.Sources |> List.map fst) [ "Ns.Layers.Tp.TensorProduct.g.cs"; "Ns.Layers.Tp.TensorProduct.Paths0-15.g.cs"; "Ns.Layers.Tp.TensorProduct.Paths16-18.g.cs" ] "a main file and the paths 16 per file"
            let paths = run.Sources |> List.filter (fun (hint, _) -> hint.Contains ".Paths") |> List.map snd |> String.concat "\n"
            Expect.stringContains text "19 paths, 244 nonzero Clebsch–Gordan coefficients" "counts"
            Expect.stringContains text "[global::System.CodeDom.Compiler.GeneratedCode(\"TensorGen.Generators\"" "GeneratedCode"
            // `tK = float.MultiplyAddEstimate(kN, pI_J, tK);` lines occur in the scalar forward path methods only (no path is weighted, so the
            // backward forms no products): one per nonzero coefficient, and no other multiply-add into an output accumulator.
            let scalarForward = paths.Split('\n') |> Array.filter (fun l -> Regex.IsMatch(l, @"^\s*t\d+ = float\.MultiplyAddEstimate\("))
            let products = scalarForward |> Array.filter (fun l -> Regex.IsMatch(l, @"^\s*t(\d+) = float\.MultiplyAddEstimate\(k\d+, p\d+_\d+, t\1\);$"))
            Expect.equal scalarForward.Length 244 "multiply-adds per sample"
            Expect.equal products.Length 244 "each a coefficient times a product of an x1 and an x2 component"
            compilesClean run }
        test "harmonics up to lmax 8 emit forward and backward and compile without warnings" {
            let run = generateEquivariant (layers (harmonics "[SphericalHarmonics(8, Normalization = ShNormalization.Norm, Normalize = false)]" shParameters))
            Expect.isEmpty (ids run) "no diagnostics"
            let text = sourceEnding "Ns.Layers.Sh.SphericalHarmonics.g.cs" run
            Expect.stringContains text "void ShBackward(" "backward"
            Expect.stringContains text "Add(ref sh, 80 * stride) = h80;" "81 outputs"
            for width in [ "Vector512"; "Vector256"; "Vector128" ] do
                Expect.stringContains text (sprintf "if (path == global::TensorGen.VectorPath.%s)" width |> fun t -> if width = "Vector512" then t else t.Replace("if (", "else if (")) (sprintf "dispatches to %s" width)
            Expect.stringContains text "global::TensorGen.Machine.KernelChoices.SampleMajorHarmonics.Path" "the family's tuned path choice"
            compilesClean run }
        test "every mode, weighted and not, with multiplicities, compiles without warnings" {
            let attribute = "[TensorProduct(\"2x0e + 2x1o + 2x2e\", \"2x0e + 3x1o\", \"2x0e + 2x1o + 6x1e + 2x2e + 3x1o\", Instructions = \"(1, 1, 0, 'uvw', True), (1, 0, 1, 'uvu', True), (1, 1, 2, 'uvuv', True), (2, 0, 3, 'uuu', True), (2, 1, 4, 'uvw', False, 0.5), (0, 1, 1, 'uvu', False)\", IrrepNormalization = IrrepNormalization.Norm, PathNormalization = PathNormalization.Path)]"
            let run = generateEquivariant (layers (product attribute weighted))
            Expect.isEmpty (ids run) "no diagnostics"
            let text = sourceEnding "Tp.TensorProduct.g.cs" run
            Expect.stringContains text "public const int TpWeightCount = 24;" "weight count 12 + 4 + 6 + 2"
            Expect.stringContains text "public const int TpInput1Dim = 18;" "x1: 2 + 6 + 10"
            Expect.stringContains text "public const int TpInput2Dim = 11;" "x2: 2 + 9"
            Expect.stringContains text "public const int TpOutputDim = 45;" "output: 2 + 6 + 18 + 10 + 9"
            compilesClean run }
        for layout in [ "SampleMajor"; "ComponentMajor" ] do
            for shared in [ true; false ] do
                test (sprintf "every mode, %s, %s weights, f32 and f64: vector blocks of every width and a scalar tail, compiles without warnings" layout (if shared then "shared" else "per-sample")) {
                    let attribute =
                        sprintf "[TensorProduct(\"2x0e + 2x1o + 2x2e\", \"2x0e + 3x1o\", \"2x0e + 2x1o + 6x1e + 2x2e + 3x1o\", Instructions = \"(1, 1, 0, 'uvw', True), (1, 0, 1, 'uvu', True), (1, 1, 2, 'uvuv', True), (2, 0, 3, 'uuu', True), (2, 1, 4, 'uvw', False, 0.5), (0, 1, 1, 'uvu', False)\", Layout = BatchLayout.%s, SharedWeights = %s)]" layout (if shared then "true" else "false")
                    let members =
                        product attribute weighted + "\n" +
                        (product attribute (weighted.Replace("double", "float"))).Replace("void Tp(", "void TpSingle(") + "\n" +
                        harmonics (sprintf "[SphericalHarmonics(5, Layout = BatchLayout.%s)]" layout) shParameters
                    let run = generateEquivariant (layers members)
                    Expect.isNone (crash run) "no crash"
                    Expect.isEmpty (ids run) "no diagnostics"
                    let main = sourceEnding "Tp.TensorProduct.g.cs" run
                    for width in [ "Vector512"; "Vector256"; "Vector128" ] do
                        Expect.stringContains main (sprintf "private static int TpBlocks%s(" width) (sprintf "a %s block kernel" width)
                        Expect.stringContains main (sprintf "private static int TpBackwardBlocks%s(" width) (sprintf "a %s backward block kernel" width)
                    Expect.stringContains main "for (int b = done; b < batch; b++)" "a scalar tail"
                    Expect.equal (main.Contains "EquivariantLanes.ToLanes") (layout = "SampleMajor") "sample-major blocks are transposed into lanes, component-major ones are not"
                    if not shared then Expect.stringContains main "AtLeast(weights.Length, (long)batch * 24" "per-sample weights: batch × 24"
                    compilesClean run }
        testList "diagnostics" [
            for name, source, id, fragment in invalid do
                test (sprintf "%s: %s at the method name" id name) {
                    let run = generateEquivariant source
                    Expect.isNone (crash run) "no crash"
                    Expect.equal (ids run |> List.distinct) [ id ] "id"
                    let d = run.Diagnostics.Head
                    Expect.isTrue (spanText source d = "Tp" || spanText source d = "Sh") "located at the method name"
                    Expect.stringContains (d.GetMessage()) fragment "message"
                    Expect.isEmpty run.Sources "no source for an invalid declaration" } ]
        test "literals are invariant-culture under a decimal-comma culture" {
            let culture = commaCulture ()
            let run = onThreadWithCulture culture (fun () -> generateEquivariant full2)
            let text = run.Sources |> List.map snd |> String.concat "\n"
            Expect.isFalse (Regex.IsMatch(text, @"\d,\d+f") || text.Contains "\u2212") "no culture-specific digits"
            Expect.stringContains text "0.70710677f" "1/√2 written with a point"
            compilesClean run }
        test "models hold no symbol, syntax, location or compilation" {
            let roots = [ typeof<SphericalHarmonicsModel>; typeof<TensorProductModel>; typeof<Extraction<TensorProductModel>>; typeof<Extraction<SphericalHarmonicsModel>>; typeof<DiagnosticInfo> ]
            let seen = HashSet<Type>()
            let found = [ for r in roots do yield! offenders seen r.Name r ]
            Expect.isEmpty found $"compiler objects reachable from a model: %A{found}" }
        test "incremental: an unrelated edit leaves both models Cached/Unchanged and the outputs Cached" {
            let source = layers (product "[TensorProduct(\"1x0e + 1x1o\", \"1x1o\", \"\", Kind = TensorProductKind.Full)]" unweighted + "\n" + harmonics "[SphericalHarmonics(3)]" shParameters)
            let first = runWith (newEquivariantDriver ()) (compile source)
            Expect.isEmpty (ids first) "valid"
            let second = runWith first.Driver (editFile UserFile (source + "\n// a comment\n/// <summary>Other.</summary>\npublic static class Other { }\n") first.Output)
            for step, hinted in [ EquivariantGenerator.TensorProductSteps.Models, EquivariantGenerator.TensorProductSteps.Hinted
                                  EquivariantGenerator.HarmonicsSteps.Models, EquivariantGenerator.HarmonicsSteps.Hinted ] do
                let outputs = stepOutputs step second
                Expect.isNonEmpty outputs step
                for _, reason in outputs do
                    Expect.isTrue (reason = IncrementalStepRunReason.Cached || reason = IncrementalStepRunReason.Unchanged) (sprintf "%s %A" step reason)
                Expect.isNonEmpty (sourceOutputReasons hinted second) $"the source outputs fed by {hinted}"
                for reason in sourceOutputReasons hinted second do
                    Expect.isTrue (reason = IncrementalStepRunReason.Cached || reason = IncrementalStepRunReason.Unchanged) (sprintf "output of %s %A" step reason) }
    ]
