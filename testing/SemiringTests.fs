namespace TensorGen.Testing

open Expecto
open TensorGen
open TensorGen.Testing.Checks

/// <summary>
/// Expecto entry points: a <c>Test</c> per semiring, with one test case per law and per kernel and path.
/// <code>
/// [&lt;Tests&gt;]
/// let distance = SemiringTests.forType&lt;Distance, float32&gt; { SemiringConfig.defaults with Range = Some (0f, infinityf) }
/// </code>
/// </summary>
/// <remarks>
/// Laws are checked once, on first use; when one fails, the kernel cases are skipped (reported as ignored)
/// rather than failed, since a kernel that reassociates ⊕ cannot be expected to match the plain loop for a
/// declaration whose ⊕ is not associative: the fault is the declaration's, and the law cases say which.
/// </remarks>
module SemiringTests =
    /// The checks of `target` (a declaration, or a wrapped one) as an Expecto test list named after it.
    let forTarget (target: ISemiringTarget<'T>) (config: SemiringConfig<'T>) : Test =
        let seed = config.Seed |> Option.defaultWith Runner.freshSeed
        let plan = Checks.plan target config
        let lawResults = lazy (plan.Laws |> List.map (fun check -> check.Name, Runner.run seed target.Name check))
        let lawFailure (check: Check) = lawResults.Force() |> List.find (fun (name, _) -> name = check.Name) |> snd
        let broken () = lawResults.Force() |> List.choose (fun (name, failure) -> failure |> Option.map (fun _ -> name))
        let kernelCase (check: Check) =
            testCase check.Title <| fun () ->
                match broken () with
                | [] ->
                    match Runner.run seed target.Name check with
                    | Some failure -> failtest failure.Message
                    | None -> ()
                | laws ->
                    skiptestf "not checked: %s fails %s, so a kernel that reassociates could differ from the plain loop without a kernel fault"
                        target.Name (String.concat ", " laws)
        testList target.Name
            [ if not plan.Laws.IsEmpty then
                  testList "laws"
                      [ for check in plan.Laws ->
                            testCase check.Title <| fun () ->
                                match lawFailure check with
                                | Some failure -> failtest failure.Message
                                | None -> () ]
              if not plan.Kernels.IsEmpty then
                  testList "kernels"
                      [ for group in plan.Kernels |> List.groupBy (fun c -> c.Group) ->
                            testList (fst group) [ for check in snd group -> kernelCase check ] ] ]

    /// The checks of the declared semiring 'S as an Expecto test list named after it.
    let forType<'S, 'T when 'S: struct and 'S: (new: unit -> 'S) and 'S :> System.ValueType and 'S :> ISemiringKernels<'S, 'T>>
        (config: SemiringConfig<'T>) : Test =
        forTarget (SemiringTarget.Of<'S, 'T>()) config
