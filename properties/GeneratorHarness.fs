/// Drives the semiring generator the way the compiler does (CSharpGeneratorDriver over an in-memory
/// compilation), with step tracking on, and reads back sources, diagnostics and pipeline steps.
module TensorGen.Properties.GeneratorHarness

open System
open System.Collections.Generic
open System.Globalization
open System.IO
open System.Reflection
open System.Threading
open FsCheck
open FsCheck.FSharp
open Microsoft.CodeAnalysis
open Microsoft.CodeAnalysis.CSharp
open TensorGen.Generators.Semirings

// ---- compilations ------------------------------------------------------------------------------------

/// Documentation comments are diagnosed, as in a library built with GenerateDocumentationFile.
let parseOptions = CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose)

/// What a careful user builds with: a library, nullable on, every warning wave, no unsafe code.
let compilationOptions =
    CSharpCompilationOptions(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions = NullableContextOptions.Enable,
        warningLevel = 9999,
        allowUnsafe = false)

/// The shared framework (the trusted platform assemblies that live beside System.Private.CoreLib), the
/// TensorGen runtime and System.Numerics.Tensors. Test-only assemblies on the TPA list are left out so
/// nothing but the platform and the runtime can resolve a name in user code.
let references : Lazy<MetadataReference list> =
    lazy
        let frameworkDir = Path.GetDirectoryName(typeof<obj>.Assembly.Location)
        let platform =
            (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") :?> string).Split(Path.PathSeparator)
            |> Array.filter (fun p -> Path.GetDirectoryName p = frameworkDir)
        let runtime =
            [| typeof<TensorGen.Semirings.MinPlusSingle>.Assembly.Location
               typeof<System.Numerics.Tensors.TensorPrimitives>.Assembly.Location |]
        Array.append platform runtime
        |> Array.distinctBy Path.GetFileName
        |> Array.map (fun p -> MetadataReference.CreateFromFile p :> MetadataReference)
        |> List.ofArray

let parse (path: string) (text: string) : SyntaxTree = CSharpSyntaxTree.ParseText(text, parseOptions, path)

/// A compilation of (path, text) files.
let compileFiles (files: (string * string) list) : Compilation =
    CSharpCompilation.Create(
        "UserAssembly", files |> List.map (fun (p, t) -> parse p t), references.Force(), compilationOptions)

/// The file name every single-file case uses; diagnostics point into it.
let [<Literal>] UserFile = "Semiring.cs"

let compile (source: string) : Compilation = compileFiles [ UserFile, source ]

/// Replaces the file at `path` by `text` (the driver sees an edited document, as in the IDE).
let editFile (path: string) (text: string) (compilation: Compilation) : Compilation =
    let old = compilation.SyntaxTrees |> Seq.find (fun t -> t.FilePath = path)
    compilation.ReplaceSyntaxTree(old, parse path text)

let addFile (path: string) (text: string) (compilation: Compilation) : Compilation =
    compilation.AddSyntaxTrees(parse path text)

let isGenerated (tree: SyntaxTree) = not (isNull tree) && tree.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)

/// Warnings and errors of a compilation (the compiler's own: generator diagnostics are reported apart),
/// except missing XML comments on the test's own undocumented user types.
let problems (compilation: Compilation) : Diagnostic list =
    compilation.GetDiagnostics()
    |> Seq.filter (fun d -> d.Severity >= DiagnosticSeverity.Warning)
    |> Seq.filter (fun d -> d.Id <> "CS1591" || isGenerated d.Location.SourceTree)
    |> List.ofSeq

// ---- running the generator ---------------------------------------------------------------------------

type Run =
    { Driver: GeneratorDriver
      Output: Compilation
      Result: GeneratorRunResult
      /// Hint name and text of every generated file, in emission order.
      Sources: (string * string) list
      /// What the driver reported: the generator's diagnostics, and CS8784/CS8785 if it threw.
      Diagnostics: Diagnostic list }

/// A driver with step tracking on; reuse it across runs to observe caching.
let newDriver () : GeneratorDriver =
    let generator = SemiringGenerator().AsSourceGenerator()
    CSharpGeneratorDriver.Create(
        [| generator |],
        parseOptions = parseOptions,
        driverOptions = GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps = true))
    :> GeneratorDriver

let runWith (driver: GeneratorDriver) (compilation: Compilation) : Run =
    let mutable output = null
    let mutable diagnostics = Unchecked.defaultof<_>
    let driver = driver.RunGeneratorsAndUpdateCompilation(compilation, &output, &diagnostics)
    let result = driver.GetRunResult().Results.[0]
    { Driver = driver
      Output = output
      Result = result
      Sources = [ for s in result.GeneratedSources -> s.HintName, s.SourceText.ToString() ]
      Diagnostics = List.ofSeq diagnostics }

/// Runs a fresh driver over one file.
let generate (source: string) : Run = runWith (newDriver ()) (compile source)

let ids (run: Run) : string list = run.Diagnostics |> List.map (fun d -> d.Id)

/// The generated file whose hint name ends with `suffix` (e.g. ".Operators.g.cs").
let sourceEnding (suffix: string) (run: Run) : string =
    match run.Sources |> List.tryFind (fun (hint, _) -> hint.EndsWith(suffix, StringComparison.Ordinal)) with
    | Some(_, text) -> text
    | None -> failwithf "no generated file ends with %s; generated: %A" suffix (List.map fst run.Sources)

/// Why the generator failed, if it did: its exception, CS8784/CS8785 (thrown in init or execution) or TGEN0099.
let crash (run: Run) : string option =
    match run.Result.Exception with
    | null ->
        run.Diagnostics
        |> List.tryFind (fun d -> d.Id = "TGEN0099" || d.Id = "CS8784" || d.Id = "CS8785")
        |> Option.map string
    | e -> Some(string e)

/// The text a diagnostic's span covers in `source`.
let spanText (source: string) (d: Diagnostic) : string =
    let span = d.Location.SourceSpan
    source.Substring(span.Start, span.Length)

// ---- pipeline steps ------------------------------------------------------------------------------------

/// The values and run reasons of every output of the tracked step `name` in the last run.
let stepOutputs (name: string) (run: Run) : (obj * IncrementalStepRunReason) list =
    match run.Result.TrackedSteps.TryGetValue name with
    | true, steps -> [ for step in steps do for struct (value, reason) in step.Outputs -> value, reason ]
    | _ -> []

/// The run reasons of the source outputs (RegisterSourceOutput) fed by the tracked step `input` in the last run.
let sourceOutputReasons (input: string) (run: Run) : IncrementalStepRunReason list =
    match run.Result.TrackedOutputSteps.TryGetValue "SourceOutput" with
    | true, steps ->
        [ for step in steps do
              if step.Inputs |> Seq.exists (fun struct (source, _) -> source.Name = input) then
                  for struct (_, reason) in step.Outputs -> reason ]
    | _ -> []

// ---- culture -------------------------------------------------------------------------------------------

/// A culture that writes 0.5 as "0,5" and -1 with U+2212: de-DE (and sv-SE's minus) when the runtime has
/// ICU, otherwise (InvariantGlobalization) an invariant clone with those separators.
let commaCulture () : CultureInfo =
    let culture =
        try CultureInfo.GetCultureInfo("de-DE").Clone() :?> CultureInfo
        with :? CultureNotFoundException -> CultureInfo.InvariantCulture.Clone() :?> CultureInfo
    culture.NumberFormat.NumberDecimalSeparator <- ","
    culture.NumberFormat.NumberGroupSeparator <- "."
    culture.NumberFormat.NegativeSign <- "\u2212"
    culture

/// Runs `f` on a fresh thread with a stack of `stackBytes` (0: the default) after `setup` has run on it; an exception
/// in `f` is rethrown here. A stack overflow on that thread ends the process, so it shows up as the suite dying.
let onThread (stackBytes: int) (setup: unit -> unit) (f: unit -> 'r) : 'r =
    let mutable result = Unchecked.defaultof<'r>
    let mutable error : exn = null
    let thread =
        Thread((fun () ->
            setup ()
            try result <- f () with e -> error <- e), stackBytes)
    thread.Start()
    thread.Join()
    if not (isNull error) then raise (AggregateException(error))
    result

/// Runs `f` on a fresh thread whose current culture is `culture`.
let onThreadWithCulture (culture: CultureInfo) (f: unit -> 'r) : 'r =
    onThread 0 (fun () ->
        Thread.CurrentThread.CurrentCulture <- culture
        Thread.CurrentThread.CurrentUICulture <- culture) f

// ---- declarations --------------------------------------------------------------------------------------

/// A file in namespace Ns holding `header { body }`, with the usings a semiring file has.
let declaration (header: string) (body: string) : string =
    $$"""using System;
using TensorGen;

namespace Ns;

{{header}}
{
{{body}}
}
"""

/// Expression-bodied Zero, One, Add(x, y) and Multiply(x, y) over `t`.
let members (t: string) (zero: string) (one: string) (add: string) (multiply: string) : string =
    $$"""    public static {{t}} Zero => {{zero}};
    public static {{t}} One => {{one}};
    public static {{t}} Add({{t}} x, {{t}} y) => {{add}};
    public static {{t}} Multiply({{t}} x, {{t}} y) => {{multiply}};"""

/// `[Semiring] public readonly partial struct name : ISemiring<name, t>`.
let header (name: string) (t: string) : string =
    $"[Semiring]\npublic readonly partial struct {name} : ISemiring<{name}, {t}>"

/// A complete, valid-looking [Semiring] struct in namespace Ns.
let semiring (name: string) (t: string) (zero: string) (one: string) (add: string) (multiply: string) : string =
    declaration (header name t) (members t zero one add multiply)

// ---- half-typed code -----------------------------------------------------------------------------------

/// An editor state: the file cut off at a point, a span deleted, or a whole line deleted.
type Edit =
    | Truncate of at: int
    | Delete of start: int * length: int
    | DeleteLine of line: int

let applyEdit (source: string) (edit: Edit) : string =
    match edit with
    | Truncate at -> source.Substring(0, at)
    | Delete(start, length) -> source.Remove(start, length)
    | DeleteLine line -> source.Split('\n') |> Array.removeAt line |> String.concat "\n"

/// One of `corpus` and an edit of it.
let halfTyped (corpus: string list) : Gen<string * Edit> =
    gen {
        let! source = Gen.elements corpus
        let! edit =
            Gen.oneof
                [ Gen.choose (0, source.Length) |> Gen.map Truncate
                  gen {
                      let! start = Gen.choose (0, source.Length - 1)
                      let! length = Gen.choose (1, 40)
                      return Delete(start, min length (source.Length - start)) }
                  Gen.choose (0, source.Split('\n').Length - 1) |> Gen.map DeleteLine ]
        return source, edit }

// ---- what a model may hold -----------------------------------------------------------------------------

/// Objects that root a compilation (or hold something that does) when kept in a pipeline model.
let compilerObjects =
    [ typeof<ISymbol>; typeof<SyntaxNode>; typeof<SyntaxTree>; typeof<Location>; typeof<SemanticModel>; typeof<Compilation>
      typeof<SyntaxToken>; typeof<SyntaxTrivia>; typeof<SyntaxReference>; typeof<Diagnostic>; typeof<AttributeData>; typeof<TypedConstant> ]

/// Paths from `t` to a compiler object or an opaque type (object, interface, delegate), through instance fields,
/// public properties, base types, array elements and generic arguments (so through EquatableArray<T> to T).
let rec offenders (seen: HashSet<Type>) (path: string) (t: Type) : string list =
    if not (seen.Add t) then []
    elif compilerObjects |> List.exists (fun f -> f.IsAssignableFrom t) then [ $"{path}: {t.Name}" ]
    elif t = typeof<obj> || t.IsInterface || typeof<Delegate>.IsAssignableFrom t then [ $"{path}: opaque {t.Name}" ]
    elif t.IsPrimitive || t.IsEnum || t = typeof<string> then []
    elif t.IsArray then offenders seen (path + "[]") (t.GetElementType())
    else
        let flags = BindingFlags.Instance ||| BindingFlags.Public ||| BindingFlags.NonPublic ||| BindingFlags.DeclaredOnly
        [ if t.IsGenericType then for a in t.GetGenericArguments() do yield! offenders seen $"{path}<{a.Name}>" a
          for f in t.GetFields flags do yield! offenders seen $"{path}.{f.Name}" f.FieldType
          for p in t.GetProperties flags do
              if not (isNull p.GetMethod) && p.GetMethod.IsPublic then yield! offenders seen $"{path}.{p.Name}" p.PropertyType
          if not (isNull t.BaseType) && t.BaseType <> typeof<obj> && t.BaseType <> typeof<ValueType> then
              yield! offenders seen path t.BaseType ]
