/// Each leg of test.sh names a vector path through the runtime's switches (DOTNET_EnableAVX512=0 for 256 bits,
/// DOTNET_EnableAVX2=0 for 128, DOTNET_EnableHWIntrinsic=0 for scalar; none for the widest). This test, in the
/// kernel list every leg runs, fails the leg when the dispatcher or the GEMM tile is on another path than the one
/// the switches and the hardware's CPUID flags call for: a switch the runtime ignores no longer passes unnoticed.
module TensorGen.Properties.DispatchLegs

open System
open System.Runtime.Intrinsics.X86
open System.Runtime.Intrinsics.Arm
open Expecto
open TensorGen
open TensorGen.Kernels
open TensorGen.Machine
open TensorGen.Semirings

/// Whether DOTNET_<name> is set to 0 in this process.
let private off (name: string) = Environment.GetEnvironmentVariable("DOTNET_" + name) = "0"

/// The path the switches and the hardware call for, worked out from the environment and CPUID, not from IsSupported.
let expectedPath () : VectorPath * string =
    let cpu = CpuInfo.Current
    let hw (feature: string) = Seq.contains feature cpu.CpuFeatures
    if off "EnableHWIntrinsic" then
        VectorPath.Scalar, "DOTNET_EnableHWIntrinsic=0"
    elif AdvSimd.IsSupported then
        VectorPath.Vector128, "NEON"
    elif not X86Base.IsSupported then
        VectorPath.Scalar, "no vector ISA"
    elif off "EnableAVX2" then
        VectorPath.Vector128, "DOTNET_EnableAVX2=0"
    elif off "EnableAVX512" || off "EnableAVX512F" then
        // EnableAVX512F is the older runtimes' name; .NET 10 ignores it, so a leg that relies on it fails here.
        (if hw "avx2" then VectorPath.Vector256 else VectorPath.Vector128), "DOTNET_EnableAVX512=0 or DOTNET_EnableAVX512F=0"
    elif hw "avx512f" && hw "avx512bw" then
        VectorPath.Vector512, "AVX-512 F and BW in CPUID, no switch"
    elif hw "avx2" then
        VectorPath.Vector256, "AVX2 in CPUID, no switch"
    else
        VectorPath.Vector128, "no AVX2 in CPUID"

let tests =
    testList "dispatch" [
        test "this process runs the vector path its ISA switches name" {
            let expected, why = expectedPath ()
            Expect.equal KernelDispatch.Accelerated expected (sprintf "%s: the dispatcher's path" why)
            Expect.equal KernelDispatch.Current expected (sprintf "%s: the path kernels take" why)
            let tile path variant = PlusTimesSingle.Operators.Tile(path, variant)
            let variant = GemmTiles.Choose(KernelDispatch.Current, tile KernelDispatch.Current TileVariant.Primary, tile KernelDispatch.Current TileVariant.Alternate, 4, true)
            Expect.equal (tile KernelDispatch.Current variant) (tile expected variant) (sprintf "%s: the f32 GEMM tile" why)
            if expected = VectorPath.Vector512 then Expect.isTrue Avx512F.IsSupported "a 512-bit leg with AVX-512F off"
            if expected = VectorPath.Vector256 then Expect.isFalse Avx512F.IsSupported (sprintf "%s but Avx512F.IsSupported" why)
        } ]
