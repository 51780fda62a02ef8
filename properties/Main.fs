/// The suite: laws, kernels (every path; the CI's ISA legs run `--filter-test-list kernels`), edge cases and
/// the generator's own tests.
module TensorGen.Properties.Main

open Expecto

let all : Test =
    testList "TensorGen"
        [ SemiringLaws.tests
          SemiringKernels.tests
          SemiringEdgeCases.tests
          TestingPackageTests.tests
          GeneratorTests.tests
          MachineTests.tests ]

[<EntryPoint>]
let main argv = runTestsWithCLIArgs [] argv all
