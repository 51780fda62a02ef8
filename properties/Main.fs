/// The suite: laws, kernels (every path; the CI's ISA legs run `--filter-test-list kernels`), edge cases and
/// the generator's own tests.
module TensorGen.Properties.Main

open Expecto
open TensorGen

let all : Test =
    testList "TensorGen"
        [ SemiringLaws.tests
          SemiringKernels.tests
          Threading.tests
          SemiringEdgeCases.tests
          TestingPackageTests.tests
          GeneratorTests.tests
          // Every family's generator on valid, half-typed and hostile declarations: never a broken build.
          GeneratorCorpus.tests
          // One representative declaration per family: its complete generated source, checked in under docs/generated.
          GoldenOutput.tests
          // Baking: a tuning profile as an AdditionalFiles item, through the generator and into a running baked build.
          BakingTests.tests
          MachineTests.tests
          KernelChoiceTests.tests
          KernelChoiceTests.kernelTests
          // The precision family: codecs, converters and kernels on every path (the CI's ISA legs run this list too).
          testList "precision"
              [ PrecisionCodecs.tests (List.ofSeq KernelDispatch.All)
                PrecisionKernels.tests (List.ofSeq KernelDispatch.All)
                PrecisionGemm.tests (List.ofSeq KernelDispatch.All)
                PrecisionQ8Gemm.tests (List.ofSeq KernelDispatch.All)
                PrecisionPackedQ4.tests (List.ofSeq KernelDispatch.All)
                PrecisionFlatten.tests
                PrecisionGeneratorTests.tests ]
          // GGUF files: round trips, a file built from the specification byte by byte, and corrupt files of every kind.
          Gguf.tests
          // Permutation-equivariant layers: kernels on every path against the dense partition matrices, and the generator.
          testList "permutation"
              [ PermutationKernels.tests (List.ofSeq KernelDispatch.All)
                PermutationGeneratorTests.tests ]
          // The equivariant family: the oracle against e3nn's published facts, the generated kernels against the oracle, the generator.
          testList "equivariant" [ EquivariantOracle.tests; EquivariantKernels.tests; EquivariantGeneratorTests.tests ]
          // The Gaunt product, as equivariant.kernels.gaunt so that the ISA and qemu legs run it with the other kernels.
          testList "equivariant" [ testList "kernels" [ EquivariantGaunt.tests ] ]
          // The Clifford family: laws, every declared type against the oracle, batched kernels on every path, the generator.
          testList "clifford"
              [ CliffordLaws.tests
                CliffordKernels.tests (List.ofSeq KernelDispatch.All)
                CliffordGeneratorTests.tests ] ]

[<EntryPoint>]
let main argv = runTestsWithCLIArgs [] argv all
