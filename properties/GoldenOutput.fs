/// What a user gets: for one representative declaration per family, the complete generated source is checked in
/// under docs/generated/ (one Markdown page each) and compared here, so that a change to any emitter shows up as a diff a reviewer reads (and
/// the files double as the "what you get" pages). TENSORGEN_UPDATE_GOLDEN=1 rewrites them instead of comparing.
module TensorGen.Properties.GoldenOutput

open System
open System.IO
open Expecto
open Microsoft.CodeAnalysis
open Microsoft.CodeAnalysis.CSharp
open TensorGen.Properties.GeneratorHarness
open TensorGen.Properties.GeneratorCorpus

/// The repository root: the first directory above the test binary that holds TensorGen.sln.
let private root =
    lazy
        let rec up (dir: DirectoryInfo) =
            if isNull dir then failwith "TensorGen.sln not found above the test binary"
            elif File.Exists(Path.Combine(dir.FullName, "TensorGen.sln")) then dir.FullName
            else up dir.Parent
        up (DirectoryInfo AppContext.BaseDirectory)

/// Every generated file of `source`, in hint-name order, each under a heading naming it, as Markdown.
let private generatedText (source: string) : string =
    let driver = CSharpGeneratorDriver.Create(GeneratorFuzz.allGenerators (), parseOptions = parseOptions) :> GeneratorDriver
    let result = driver.RunGenerators(compile source).GetRunResult()
    let files =
        [ for r in result.Results do
              for s in r.GeneratedSources -> s.HintName, s.SourceText.ToString() ]
        |> List.sortBy fst
    String.Join("\n", [ for hint, text in files -> $"## {hint}\n\n```csharp\n{text.TrimEnd()}\n```\n" ]).Replace("\r\n", "\n")

let private cases =
    [ "Semiring.Distance", semiringOf "Distance" "float" "float.PositiveInfinity" "0f" "SemiringMath.MinNative(x, y)" "x + y"
      "Precision.Q4_0", layersOf ("    /// <summary>A kernel.</summary>\n    [CompressedMatVec(StorageFormat.Q4_0)]\n    public static partial void Project(" + matVecParameters + ");")
      "Permutation.K1L1", layersOf (permutationOf 1 1)
      "Equivariant.Harmonics2", layersOf (harmonicsOf 2 "float")
      "Equivariant.FullProduct1o", layersOf (fullOf "1x1o")
      "Clifford.Plane", multivectorOf "2, 0, 0" "Plane" ]

let tests =
    testList "generator.golden"
        [ for name, source in cases ->
              test $"{name}: the generated source is docs/generated/{name}.md (TENSORGEN_UPDATE_GOLDEN=1 rewrites it)" {
                  let path = Path.Combine(root.Force(), "docs", "generated", name + ".md")
                  let actual =
                      $"# What TensorGen generates: {name}\n\nFor this declaration (the page is checked by `properties/GoldenOutput.fs`; "
                      + "`TENSORGEN_UPDATE_GOLDEN=1` rewrites it):\n\n```csharp\n"
                      + source.TrimEnd() + "\n```\n\n" + generatedText source
                  if Environment.GetEnvironmentVariable "TENSORGEN_UPDATE_GOLDEN" = "1" then
                      Directory.CreateDirectory(Path.GetDirectoryName path) |> ignore
                      File.WriteAllText(path, actual)
                  else
                      Expect.isTrue (File.Exists path) $"{path} exists (run with TENSORGEN_UPDATE_GOLDEN=1 to write it)"
                      let expected = File.ReadAllText(path).Replace("\r\n", "\n")
                      if expected <> actual then
                          let e, a = expected.Split('\n'), actual.Split('\n')
                          let first = Seq.zip e a |> Seq.tryFindIndex (fun (x, y) -> x <> y) |> Option.defaultValue (min e.Length a.Length)
                          failtestf "%s differs from the generator's output first at line %d:\n  expected: %s\n  actual:   %s\n(TENSORGEN_UPDATE_GOLDEN=1 rewrites it; review the diff)"
                              path (first + 1) (if first < e.Length then e.[first] else "<end>") (if first < a.Length then a.[first] else "<end>")
              } ]
