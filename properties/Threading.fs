/// Results do not depend on the thread count: every output element is computed by one thread in the same
/// order whatever the count, so even floating semirings must agree bit for bit between 1, 2 and 3 threads.
module TensorGen.Properties.Threading

open System
open System.Collections.Generic
open Expecto
open FsCheck.FSharp
open TensorGen
open TensorGen.Kernels
open TensorGen.Properties.Cases

/// Big enough for the driver to split rows across threads (above its 2^21-step threshold), odd in every dimension.
let private m, n, k = 211, 163, 97

let private sameBits (expected: 'T[]) (actual: 'T[]) (what: string) =
    let comparer = EqualityComparer<'T>.Default
    match Seq.tryFindIndex (fun i -> not (comparer.Equals(expected.[i], actual.[i]))) (seq { 0 .. expected.Length - 1 }) with
    | Some i -> failtestf "%s: element %d (row %d, col %d) is %A with one thread but %A here" what i (i / n) (i % n) expected.[i] actual.[i]
    | None -> ()

let private caseTests (case: Case<'T>) : Test =
    let kernels = case.Kernels
    testList kernels.Name
        [ testCase "MatMul on 1, 2 and 3 threads: bit-identical" <| fun () ->
            let a = Gen.sample (m * k) case.Values |> Array.ofSeq
            let b = Gen.sample (k * n) case.Values |> Array.ofSeq
            let run threads =
                use _ = KernelThreads.Override threads
                let c = Array.zeroCreate (m * n)
                kernels.MatMul(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k)
                c
            let one = run 1
            for threads in [ 2; 3 ] do
                sameBits one (run threads) (sprintf "%d threads" threads)
          testCase "MatMulAdd on 1 to 4 threads over many (jc, pc) steps (kc 16, mc 24, nc 48): bit-identical" <| fun () ->
              // Small blocks make 7 depth steps in each of 4 column blocks, so threads share many packed B blocks
              // (two buffers, alternating) and combine into C step after step; C starts from drawn values.
              let a = Gen.sample (m * k) case.Values |> Array.ofSeq
              let b = Gen.sample (k * n) case.Values |> Array.ofSeq
              let start = Gen.sample (m * n) case.Values |> Array.ofSeq
              let run threads =
                  use _ = KernelThreads.Override threads
                  use _ = GemmBlocking.Override(GemmBlocking(16, 24, 48))
                  let c = Array.copy start
                  kernels.MatMulAdd(ReadOnlySpan a, ReadOnlySpan b, Span c, m, n, k)
                  c
              let one = run 1
              for threads in [ 2; 3; 4 ] do
                  sameBits one (run threads) (sprintf "%d threads" threads)
          match case.ClosureValues with
          | Some values ->
              testCase "Closure on 1 and 2 threads: bit-identical" <| fun () ->
                  let size = 300
                  let a = Gen.sample (size * size) values |> Array.ofSeq
                  let run threads =
                      use _ = KernelThreads.Override threads
                      let c = Array.copy a
                      kernels.Closure(Span c, size)
                      c
                  sameBits (run 1) (run 2) "2 threads"
          | None -> () ]

let tests : Test =
    testList "threads" [ for case in Cases.all -> case.Apply { new ICaseFunc<Test> with member _.Invoke c = caseTests c } ]
