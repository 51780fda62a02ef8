/// Knowing the machine: CPU and cache detection against what Linux says, ISA flags against the runtime, the BLIS
/// analytic model's constraints for arbitrary (including absurd) cache descriptions, blocking-invariance of exact
/// results against the oracle, and tuning profiles (round trip, every way a file can be bad, concurrent writers).
/// No test here depends on timing.
module TensorGen.Properties.MachineTests

open System
open System.Diagnostics
open System.IO
open System.Threading
open System.Runtime.Intrinsics
open System.Runtime.Intrinsics.X86
open System.Runtime.Intrinsics.Arm
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen.Properties.Generators
open TensorGen
open TensorGen.Kernels
open TensorGen.Machine
open TensorGen.Algebra
open TensorGen.Semirings


// ---- detection ----------------------------------------------------------------------------------------

/// sysfs read here with plain file reads, independently of LinuxCpu: (level, type, bytes, line, ways, sharing).
let private sysfsCaches () =
    let root = "/sys/devices/system/cpu/cpu0/cache"
    if not (Directory.Exists root) then
        []
    else
        let read dir name =
            let p = Path.Combine(dir, name)
            if File.Exists p then Some(File.ReadAllText(p).Trim()) else None
        let bytes (s: string) =
            match s[s.Length - 1] with
            | 'K' -> int64 s[.. s.Length - 2] * 1024L
            | 'M' -> int64 s[.. s.Length - 2] * 1024L * 1024L
            | _ -> int64 s
        let cpus (s: string) =
            s.Split(',', StringSplitOptions.RemoveEmptyEntries)
            |> Array.sumBy (fun part ->
                match part.Split('-') with
                | [| lo; hi |] -> int hi - int lo + 1
                | _ -> 1)
        Directory.GetDirectories(root, "index*")
        |> Array.sortBy (fun d -> int (Path.GetFileName(d).Substring 5))
        |> Array.choose (fun d ->
            match read d "level", read d "type", read d "size" with
            | Some level, Some kind, Some size ->
                Some(int level, kind, bytes size,
                     read d "coherency_line_size" |> Option.map int |> Option.defaultValue 0,
                     read d "ways_of_associativity" |> Option.map int |> Option.defaultValue 0,
                     read d "shared_cpu_list" |> Option.map cpus |> Option.defaultValue 0)
            | _ -> None)
        |> List.ofArray

let private kindName (k: CacheKind) =
    match k with
    | CacheKind.Data -> "Data"
    | CacheKind.Instruction -> "Instruction"
    | _ -> "Unified"

/// Each runtime ISA name and the IsSupported it must agree with, written out here rather than taken from RuntimeIsa.All.
let private isaChecks : (string * bool) list =
    [ "sse", Sse.IsSupported; "sse2", Sse2.IsSupported; "sse41", Sse41.IsSupported
      "sse42", Sse42.IsSupported; "popcnt", Popcnt.IsSupported; "avx", Avx.IsSupported
      "avx2", Avx2.IsSupported; "fma", Fma.IsSupported; "bmi1", Bmi1.IsSupported
      "bmi2", Bmi2.IsSupported; "lzcnt", Lzcnt.IsSupported; "avxvnni", AvxVnni.IsSupported
      "avx512f", Avx512F.IsSupported; "avx512bw", Avx512BW.IsSupported; "avx512cd", Avx512CD.IsSupported
      "avx512dq", Avx512DQ.IsSupported; "avx512vbmi", Avx512Vbmi.IsSupported; "avx10v1", Avx10v1.IsSupported
      "advsimd", AdvSimd.IsSupported; "dp", Dp.IsSupported; "rdm", Rdm.IsSupported
      "vector128", Vector128.IsHardwareAccelerated; "vector256", Vector256.IsHardwareAccelerated
      "vector512", Vector512.IsHardwareAccelerated ]

/// The CPUID name of a runtime ISA, where the hardware must report it whenever the runtime uses it.
let private cpuidName =
    Map [ "sse41", "sse4.1"; "sse42", "sse4.2"; "avx", "avx"; "avx2", "avx2"; "fma", "fma"; "bmi1", "bmi1"; "bmi2", "bmi2"
          "lzcnt", "lzcnt"; "popcnt", "popcnt"; "avxvnni", "avx-vnni"; "avx512f", "avx512f"; "avx512bw", "avx512bw"
          "avx512cd", "avx512cd"; "avx512dq", "avx512dq"; "avx512vbmi", "avx512vbmi" ]

/// The dispatcher's invariant in any process: no path wider than the ISA the runtime allows. Run as is in every
/// leg, and in a child process with DOTNET_EnableAVX2=0 (see below), where it must also find AVX2 off.
let private dispatchHonoursIsa () =
    let path = KernelDispatch.Accelerated
    let cpu = CpuInfo.Current
    if X86Base.IsSupported then
        if path = VectorPath.Vector512 then
            Expect.isTrue Avx512F.IsSupported "Vector512 kernels chosen without AVX-512F"
        if int path >= int VectorPath.Vector256 then
            Expect.isTrue Avx2.IsSupported "Vector256 kernels chosen without AVX2"
    if Environment.GetEnvironmentVariable "DOTNET_EnableAVX2" = "0" then
        Expect.isFalse Avx2.IsSupported "DOTNET_EnableAVX2=0 but Avx2.IsSupported"
        Expect.isLessThanOrEqual (int path) (int VectorPath.Vector128) "DOTNET_EnableAVX2=0 but kernels take a 256/512-bit path"
        Expect.isFalse (Seq.contains "avx2" cpu.RuntimeIsa) "DOTNET_EnableAVX2=0 but the detector lists avx2 as usable"
    if Environment.GetEnvironmentVariable "DOTNET_EnableHWIntrinsic" = "0" then
        Expect.equal path VectorPath.Scalar "DOTNET_EnableHWIntrinsic=0 but kernels take a vector path"

let private childVariable = "TENSORGEN_MACHINE_TESTS_CHILD"
let private dispatchTestName = "the dispatcher takes no path wider than the runtime's ISA switches allow"

/// Runs this test assembly again with `variable=0`, filtered to the dispatch test; true when it passed.
let private runChild (variable: string) =
    // Under `dotnet suite.dll` the child is the same host with the same assembly; a self-contained publish (its own
    // apphost, no `dotnet` on the machine) starts itself.
    let host = Environment.ProcessPath
    let throughDotnet = IO.Path.GetFileNameWithoutExtension host = "dotnet"
    let info = ProcessStartInfo(host, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false)
    let suite = if throughDotnet then [ Reflection.Assembly.GetEntryAssembly().Location ] else []
    for arg in suite @ [ "--summary"; "--filter-test-case"; dispatchTestName ] do info.ArgumentList.Add arg
    info.Environment[variable] <- "0"
    info.Environment[childVariable] <- "1"
    use proc = Process.Start info
    let output = proc.StandardOutput.ReadToEndAsync()
    let errors = proc.StandardError.ReadToEndAsync()
    if not (proc.WaitForExit 120000) then proc.Kill true
    let text = Text.RegularExpressions.Regex.Replace(output.Result + errors.Result, "\u001b\\[[0-9;?]*[A-Za-z]", "")
    proc.ExitCode, text

let private detection =
    [
        test "cache levels, kinds, sizes, line sizes, ways and sharing equal /sys/devices/system/cpu/cpu0/cache" {
            match sysfsCaches () with
            | [] -> skiptest "this machine's /sys has no cache description (not Linux, or a container that hides it)"
            | expected ->
                let actual =
                    CpuInfo.Current.Caches
                    |> Seq.map (fun c -> c.Level, kindName c.Kind, c.SizeBytes, c.LineBytes, c.Ways, c.SharedBy)
                    |> List.ofSeq
                Expect.sequenceEqual actual expected "detected caches vs sysfs"
                Expect.isTrue (CpuInfo.Current.Caches |> Seq.forall (fun c -> c.Source = InfoSource.Sysfs)) "every cache's source is sysfs"
        }

        test "CPUID's cache leaf agrees with sysfs on level, kind, size, line and ways where both answer" {
            let cpuid = CpuInfo.CpuidCaches() |> Seq.map (fun c -> c.Level, kindName c.Kind, c.SizeBytes, c.LineBytes, c.Ways) |> List.ofSeq
            let sysfs = sysfsCaches () |> List.map (fun (l, k, s, line, w, _) -> l, k, s, line, w)
            if cpuid.IsEmpty || sysfs.IsEmpty then
                skiptest "CPUID leaf 4 / 0x8000001D or sysfs has no cache description here"
            Expect.sequenceEqual cpuid sysfs "CPUID caches vs sysfs"
        }

        test "ISA flags agree with IsSupported, and what the runtime uses the hardware reports" {
            let cpu = CpuInfo.Current
            for name, supported in isaChecks do
                Expect.equal (Seq.contains name cpu.RuntimeIsa) supported (sprintf "%s: detector vs IsSupported" name)
            if cpu.FeaturesSource = InfoSource.Cpuid then
                for name, supported in isaChecks do
                    match Map.tryFind name cpuidName with
                    | Some hw when supported -> Expect.contains cpu.CpuFeatures hw (sprintf "the runtime uses %s but CPUID does not report %s" name hw)
                    | _ -> ()
        }

        test "identity, cores and caches are filled in, and detection is a value (equal when repeated, JSON-serializable)" {
            let cpu = CpuInfo.Current
            Expect.isGreaterThanOrEqual cpu.LogicalCores 1 "logical cores"
            Expect.isGreaterThanOrEqual cpu.PhysicalCores 1 "physical cores"
            Expect.isLessThanOrEqual cpu.PhysicalCores cpu.LogicalCores "physical <= logical"
            Expect.isNonEmpty cpu.Caches "some caches, detected or default"
            Expect.equal (CpuInfo.Detect()) cpu "detecting twice gives equal values"
            Expect.stringContains (cpu.ToJson()) "\"caches\"" "JSON"
            if X86Base.IsSupported then
                Expect.equal cpu.IdentitySource InfoSource.Cpuid "identity from CPUID on x86"
                Expect.isTrue (cpu.Vendor.Length = 12) (sprintf "a 12-character CPUID vendor, got '%s'" cpu.Vendor)
        }

        test dispatchTestName { dispatchHonoursIsa () } ]
    @ [ for variable, what in [ "DOTNET_EnableAVX2", "AVX2 kernels"; "DOTNET_EnableHWIntrinsic", "vector kernels" ] ->
            test (sprintf "under %s=0 (a child process) the detector and dispatcher stop choosing %s" variable what) {
                if Environment.GetEnvironmentVariable childVariable = "1" then skiptest "already the child process"
                if not X86Base.IsSupported then skiptest "not x86"
                let code, text = runChild variable
                Expect.equal code 0 (sprintf "the child failed:\n%s" text)
                Expect.stringContains text "1 passed" (sprintf "the child ran the dispatch test:\n%s" text)
            } ]
    |> testList "detection"

// ---- the analytic model -------------------------------------------------------------------------------

/// Geometry drawn to include the absurd: zero, one, odd and enormous sizes, zero ways and lines.
let private cacheGen (level: int) : Gen<CacheLevel> =
    gen {
        let! kind = Gen.frequency [ 6, Gen.constant CacheKind.Data; 3, Gen.constant CacheKind.Unified; 1, Gen.constant CacheKind.Instruction ]
        let! size =
            Gen.frequency [ 6, Gen.elements [ 32L <<< 10; 48L <<< 10; 64L <<< 10; 256L <<< 10; 512L <<< 10; 1L <<< 20; 2L <<< 20; 32L <<< 20; 36L <<< 20 ]
                            2, Gen.elements [ 0L; 1L; 63L; 64L; 4096L; 1L <<< 40; Int64.MaxValue; -1L ]
                            2, Gen.choose (0, Int32.MaxValue) |> Gen.map int64 ]
        let! line = Gen.frequency [ 6, Gen.constant 64; 2, Gen.elements [ 0; 1; 32; 128; 4096; Int32.MaxValue; -64 ]; 1, Gen.choose (0, 1000) ]
        let! ways = Gen.frequency [ 6, Gen.elements [ 4; 8; 12; 16; 20 ]; 2, Gen.elements [ 0; 1; 2; Int32.MaxValue; -8 ]; 1, Gen.choose (0, 64) ]
        let! shared = Gen.choose (0, 256)
        return CacheLevel(level, kind, size, line, ways, shared, InfoSource.Sysfs)
    }

let private cachesGen : Gen<CacheLevel list> =
    gen {
        let! levels = Gen.subListOf [ 1; 1; 2; 3; 4 ]
        let! caches = levels |> List.map cacheGen |> Gen.sequenceToList
        return caches
    }

/// The tiles the generator emits (every path, every element size) and arbitrary small ones.
let private tileGen : Gen<MicroTile * int> =
    let real =
        [ for size in [ 1; 4; 8 ] do
            let lanes width = width / 8 / size
            yield MicroTile(4, 4), size
            yield MicroTile(4, 2 * lanes 128), size
            yield MicroTile(6, 2 * lanes 256), size
            yield MicroTile(8, 2 * lanes 512), size ]
    Gen.frequency
        [ 3, Gen.elements real
          1, Gen.map3 (fun r c s -> MicroTile(r, c), s) (Gen.choose (1, 16)) (Gen.choose (1, 256)) (Gen.elements [ 1; 2; 4; 8; 16 ]) ]

/// Checks one model answer against the model's own constraints; returns nothing, fails with a message.
let private checkModel (caches: CacheLevel list) (tile: MicroTile, size: int) =
    let choice = BlockingModel.Compute(ResizeArray caches, tile, size)
    let b = choice.Blocking
    let fixedDefault = GemmBlocking.Fixed(tile, size)
    let usable level = caches |> List.tryFind (fun c -> c.Level = level && c.Kind <> CacheKind.Instruction && c.IsUsable)
    let s = int64 size
    let kc, mc, nc = int64 b.Kc, int64 b.Mc, int64 b.Nc
    let mr, nr = int64 tile.Rows, int64 tile.Columns
    Expect.isGreaterThanOrEqual b.Kc 1 "kc >= 1"
    Expect.equal (b.Mc % tile.Rows) 0 "mc is a multiple of mr"
    Expect.equal (b.Nc % tile.Columns) 0 "nc is a multiple of nr"
    Expect.isGreaterThanOrEqual b.Mc tile.Rows "mc holds a tile"
    Expect.isGreaterThanOrEqual b.Nc tile.Columns "nc holds a tile"
    // kc: A's and B's micro-panels share L1 with a way to spare; else kc is the fixed default.
    match choice.KcSource, usable 1 with
    | InfoSource.Model, Some l1 ->
        Expect.isLessThanOrEqual b.Kc BlockingModel.MaxKc "kc within its cap"
        Expect.isLessThanOrEqual (kc * mr * s) l1.SizeBytes "kc·mr·S within L1"
        Expect.isLessThanOrEqual (kc * nr * s) l1.SizeBytes "kc·nr·S within L1"
        Expect.isLessThanOrEqual (kc * (mr + nr) * s) (l1.SizeBytes - l1.WayBytes) "both micro-panels fit L1 with one way free"
    | InfoSource.Model, None -> failtest "kc from the model without a usable L1"
    | _ -> Expect.equal b.Kc fixedDefault.Kc "kc falls back to the fixed default"
    match choice.McSource, usable 2 with
    | InfoSource.Model, Some l2 ->
        Expect.isLessThanOrEqual (mc * kc * s) (l2.SizeBytes - l2.WayBytes) "A's mc x kc block fits L2 with one way free"
        Expect.isLessThanOrEqual (mc * kc * s + kc * nr * s) l2.SizeBytes "A's block and B's micro-panel fit L2 together"
    | InfoSource.Model, None -> failtest "mc from the model without a usable L2"
    | _ -> Expect.equal b.Mc fixedDefault.Mc "mc falls back to the fixed default"
    match choice.NcSource, usable 3 with
    | InfoSource.Model, Some l3 ->
        Expect.isLessThanOrEqual (kc * nc * s) (l3.SizeBytes - l3.WayBytes) "B's kc x nc block fits L3 with one way free"
        Expect.isLessThanOrEqual b.Nc BlockingModel.MaxNc "nc within its cap"
    | InfoSource.Model, None -> failtest "nc from the model without a usable L3"
    | _ -> Expect.equal b.Nc fixedDefault.Nc "nc falls back to the fixed default"

let private haswell =
    [ CacheLevel(1, CacheKind.Data, 32L <<< 10, 64, 8, 2, InfoSource.Default)
      CacheLevel(2, CacheKind.Unified, 256L <<< 10, 64, 8, 2, InfoSource.Default)
      CacheLevel(3, CacheKind.Unified, 8L <<< 20, 64, 16, 8, InfoSource.Default) ]

let private model =
    testList "blocking model" [
        property "for arbitrary caches (zero, enormous, 0 ways, 0-byte lines): no exception, multiples of the tile, panels fit, else fixed defaults"
            500 (Gen.zip cachesGen tileGen) (fun (caches, tile) -> checkModel caches tile)

        test "absurd machines get the fixed defaults for every value" {
            let absurd =
                [ "no caches", []
                  "zero everything", [ CacheLevel(1, CacheKind.Data, 0L, 0, 0, 0, InfoSource.Sysfs); CacheLevel(2, CacheKind.Unified, 0L, 0, 0, 0, InfoSource.Sysfs); CacheLevel(3, CacheKind.Unified, 0L, 0, 0, 0, InfoSource.Sysfs) ]
                  "0 ways", [ CacheLevel(1, CacheKind.Data, 32768L, 64, 0, 1, InfoSource.Sysfs); CacheLevel(2, CacheKind.Unified, 524288L, 64, 0, 1, InfoSource.Sysfs); CacheLevel(3, CacheKind.Unified, 1L <<< 25, 64, 0, 1, InfoSource.Sysfs) ]
                  "1-way (no way to spare)", [ CacheLevel(1, CacheKind.Data, 32768L, 64, 1, 1, InfoSource.Sysfs); CacheLevel(2, CacheKind.Unified, 524288L, 64, 1, 1, InfoSource.Sysfs); CacheLevel(3, CacheKind.Unified, 1L <<< 25, 64, 1, 1, InfoSource.Sysfs) ]
                  "lines larger than the cache", [ CacheLevel(1, CacheKind.Data, 64L, 4096, 8, 1, InfoSource.Sysfs) ]
                  "instruction caches only", [ CacheLevel(1, CacheKind.Instruction, 32768L, 64, 8, 1, InfoSource.Sysfs) ] ]
            for name, caches in absurd do
                for size in [ 1; 4; 8 ] do
                    let tile = MicroTile(6, 64 / size)
                    let choice = BlockingModel.Compute(ResizeArray caches, tile, size)
                    Expect.equal choice.Blocking (GemmBlocking.Fixed(tile, size)) (sprintf "%s, %d-byte elements" name size)
                    Expect.equal (choice.KcSource, choice.McSource, choice.NcSource) (InfoSource.Default, InfoSource.Default, InfoSource.Default) name
        }

        test "enormous caches stay within the caps" {
            let huge = [ for level in 1 .. 3 -> CacheLevel(level, CacheKind.Unified, Int64.MaxValue, 64, 16, 1, InfoSource.Sysfs) ]
            let choice = BlockingModel.Compute(ResizeArray huge, MicroTile(6, 16), 4)
            Expect.equal choice.Blocking (GemmBlocking(BlockingModel.MaxKc, BlockingModel.MaxMc / 6 * 6, BlockingModel.MaxNc)) "capped"
        }

        test "reproduces BLIS's Haswell dgemm kc = 256 (6x8 tile, 32 KiB 8-way L1d), and mc = 96 by hand from a 256 KiB 8-way L2" {
            let choice = BlockingModel.Compute(ResizeArray haswell, MicroTile(6, 8), 8)
            Expect.equal choice.Blocking.Kc 256 "kc"
            // L2: B's micro-panel 256·8·8 = 16 KiB takes 1 of 8 ways (32 KiB each), C one more: 6 ways for A, 6·32768/(256·8) = 96.
            Expect.equal choice.Blocking.Mc 96 "mc"
            Expect.equal (choice.KcSource, choice.McSource, choice.NcSource) (InfoSource.Model, InfoSource.Model, InfoSource.Model) "sources"
        }

        property "exact results do not depend on blocking: max-plus i32 under arbitrary kc, mc, nc vs the oracle, bit-exact"
            60
            (gen {
                let! m = Gen.choose (0, 40)
                let! n = Gen.choose (0, 40)
                let! k = Gen.choose (0, 60)
                let! kc = Gen.choose (1, 70)
                let! mc = Gen.choose (1, 50)
                let! nc = Gen.choose (1, 80)
                let value = Gen.frequency [ 8, Gen.choose (-1000, 1000); 1, Gen.constant Int32.MinValue ]
                let! a = Gen.arrayOfLength (m * k) value
                let! b = Gen.arrayOfLength (k * n) value
                let! path = Gen.elements [ VectorPath.Scalar; VectorPath.Vector128; VectorPath.Vector256 ]
                return m, n, k, GemmBlocking(kc, mc, nc), a, b, path
            })
            (fun (m, n, k, blocking, a, b, path) ->
                let expected = Matrix.matMul Semirings.maxPlusInt32 a b m n k
                let actual = Array.zeroCreate (m * n)
                use _ = KernelDispatch.Override path
                use _ = GemmBlocking.Override blocking
                MaxPlusInt32.MatMul(ReadOnlySpan a, ReadOnlySpan b, Span actual, m, n, k)
                Expect.sequenceEqual actual expected (sprintf "blocking %A on %A" blocking path))

        test "the driver's choice: profile entry, else the model from this CPU, else fixed defaults" {
            let cpu = CpuInfo.Current
            let tile = MaxPlusSingle.Operators.Tile KernelDispatch.Accelerated
            let modelChoice = BlockingModel.Compute(cpu, tile, 4)
            let fromModel = GemmBlocking.Resolve(KernelDispatch.Accelerated, tile, 4, cpu, null)
            Expect.equal fromModel modelChoice "no profile: the model"
            let fromNothing = GemmBlocking.Resolve(KernelDispatch.Accelerated, tile, 4, null, null)
            Expect.equal fromNothing.Blocking (GemmBlocking.Fixed(tile, 4)) "no CPU: fixed defaults"
            let entry = TunedBlocking(KernelDispatch.Accelerated, 4, tile.Rows, tile.Columns, 96, tile.Rows * 7, tile.Columns * 9, 1, tile.Rows, tile.Columns, 1.1, null)
            let profile = TuningProfile.Create(cpu, "test", [| entry |])
            let fromProfile = GemmBlocking.Resolve(KernelDispatch.Accelerated, tile, 4, cpu, profile)
            Expect.equal fromProfile.Blocking (GemmBlocking(96, tile.Rows * 7, tile.Columns * 9)) "the profile's entry"
            Expect.equal fromProfile.KcSource InfoSource.Profile "source"
            let otherSize = GemmBlocking.Resolve(KernelDispatch.Accelerated, tile, 8, cpu, profile)
            Expect.equal otherSize.KcSource (BlockingModel.Compute(cpu, tile, 8).KcSource) "an element size the profile lacks: the model"
            Expect.equal (GemmBlocking.Default(tile, 4)) (GemmBlocking.For(KernelDispatch.Current, tile, 4)) "Default is For on the current path"
        }
    ]

// ---- profiles -----------------------------------------------------------------------------------------

let private tempDir () =
    let dir = Path.Combine(Path.GetTempPath(), "tensorgen-profile-tests", Guid.NewGuid().ToString("N"))
    Directory.CreateDirectory dir |> ignore
    dir

let private entryGen : Gen<TunedBlocking> =
    gen {
        let! path = Gen.elements [ VectorPath.Scalar; VectorPath.Vector128; VectorPath.Vector256; VectorPath.Vector512 ]
        let! size = Gen.elements [ 1; 2; 4; 8 ]
        let! mr = Gen.choose (1, 16)
        let! nr = Gen.choose (1, 128)
        let! kc = Gen.choose (1, 4096)
        let! mcTiles = Gen.choose (1, 200)
        let! ncTiles = Gen.choose (1, 200)
        let! speedup = Gen.choose (500, 2000) |> Gen.map (fun x -> float x / 1000.0 + 1e-7)
        let! timings = Gen.listOfLength 2 (Gen.map2 (fun n r -> TunedTiming("MaxPlusSingle", n, float r / 7.0, float r / 3.0)) (Gen.choose (1, 4096)) (Gen.choose (1, 100000)))
        return TunedBlocking(path, size, mr, nr, kc, mr * mcTiles, nr * ncTiles, kc, mr, nr, speedup, ResizeArray timings)
    }

/// Valid profiles for this CPU: entries with distinct keys.
let private profileGen : Gen<TuningProfile> =
    gen {
        let! entries = Gen.listOf entryGen
        let distinct = entries |> List.distinctBy (fun e -> e.Path, e.ElementSize, e.TileRows, e.TileColumns)
        let! ticks = Gen.choose (0, Int32.MaxValue)
        let created = DateTimeOffset(DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(int64 ticks * 1237L))
        return TuningProfile.Create(CpuInfo.Current, "bench tune (test)", ResizeArray distinct, created)
    }

/// Loads through a fresh store, reading Active three times: (profile, warnings raised).
let private loadCountingWarnings (dir: string) =
    let store = ProfileStore(dir, CpuInfo.Current)
    let warnings = ResizeArray<string>()
    store.Warning.Add(fun w -> warnings.Add w)
    let first = store.Active
    let again = store.Active
    Expect.isTrue (obj.ReferenceEquals(first, again)) "Active is read once"
    store.Active |> ignore
    first, List.ofSeq warnings, store

let private writeRaw (dir: string) (text: string) =
    let path = Path.Combine(dir, ProfileStore.FileName CpuInfo.Current)
    File.WriteAllText(path, text)

let private validJson () =
    let entry = TunedBlocking(VectorPath.Vector256, 4, 6, 16, 170, 576, 8192, 170, 576, 8192, 1.0, null)
    TuningProfile.Create(CpuInfo.Current, "test", [| entry |]).ToJson()

let private badProfiles : (string * (unit -> string)) list =
    let replace (o: string) (n: string) () =
        let json = validJson ()
        Expect.stringContains json o "the field to corrupt is there"
        json.Replace(o, n)
    [ "not JSON", (fun () -> "{ this is not json")
      "empty", (fun () -> "")
      "JSON null", (fun () -> "null")
      "an array", (fun () -> "[1, 2, 3]")
      "binary garbage", (fun () -> String([| for i in 0 .. 300 -> char ((i * 37) % 256) |]))
      "truncated", (fun () -> let j = validJson () in j.Substring(0, j.Length / 2))
      "foreign CPU", (fun () ->
          let p = TuningProfile.Parse(validJson ())
          TuningProfile(p.Format, p.Version, "GenuineIntel|Intel(R) Xeon(R) Platinum 8480+|6-143-8|X64", p.CreatedUtc, p.Tool, p.Entries, p.Cpu).ToJson())
      "another format", replace "tensorgen-tuning-profile" "someone-elses-profile"
      "a future version", replace "\"version\": 1" "\"version\": 99"
      "kc = 0", replace "\"kc\": 170" "\"kc\": 0"
      "negative mc", replace "\"mc\": 576" "\"mc\": -576"
      "mc not a multiple of mr", replace "\"mc\": 576" "\"mc\": 577"
      "nc absurdly large", replace "\"nc\": 8192" "\"nc\": 2000000000"
      "kc as a string", replace "\"kc\": 170" "\"kc\": \"fast\""
      "an unknown vector path", replace "\"Vector256\"" "\"Vector1024\""
      "element size 3", replace "\"elementSize\": 4" "\"elementSize\": 3"
      "a NaN speed-up", replace "\"speedupOverModel\": 1" "\"speedupOverModel\": -1"
      "no entries", replace "\"entries\"" "\"entriesX\""
      "more than 1 MiB", (fun () -> validJson().Replace("\"test\"", "\"" + String('x', 1100000) + "\"")) ]

let private profiles =
    [   property "round trip: save then load gives an equal profile; JSON text is stable" 60 profileGen (fun profile ->
            let dir = tempDir ()
            try
                let store = ProfileStore(dir, CpuInfo.Current)
                let path = store.Save profile
                Expect.equal path store.ProfilePath "saved where it is read"
                let load = store.Load()
                Expect.isNull load.Problem (sprintf "no problem: %s" load.Problem)
                Expect.equal load.Profile profile "equal after the round trip"
                Expect.equal (TuningProfile.Parse(profile.ToJson()).ToJson()) (profile.ToJson()) "JSON stable"
            finally
                Directory.Delete(dir, true)) ]
    @ [ for name, make in badProfiles ->
                test (sprintf "a profile with %s is ignored with exactly one warning, and the model is used" name) {
                    let dir = tempDir ()
                    try
                        writeRaw dir (make ())
                        let profile, warnings, store = loadCountingWarnings dir
                        Expect.isNull profile "ignored"
                        Expect.equal warnings.Length 1 (sprintf "one warning, got %A" warnings)
                        Expect.stringContains warnings.Head (ProfileStore.FileName CpuInfo.Current) "the warning names the file"
                        Expect.equal store.Warnings.Count 1 "kept in Warnings"
                        let tile = MicroTile(6, 16)
                        Expect.equal (GemmBlocking.Resolve(VectorPath.Vector256, tile, 4, CpuInfo.Current, profile))
                                     (BlockingModel.Compute(CpuInfo.Current, tile, 4)) "the model's blocking"
                    finally
                        Directory.Delete(dir, true)
                } ]
    @ [ property "any truncation of a valid profile is ignored with one warning, never a crash" 40
            (Gen.choose (0, 999)) (fun per ->
                let dir = tempDir ()
                try
                    let json = validJson ()
                    writeRaw dir (json.Substring(0, json.Length * per / 1000))
                    let profile, warnings, _ = loadCountingWarnings dir
                    Expect.isNull profile "ignored"
                    Expect.equal warnings.Length 1 "one warning"
                finally
                    Directory.Delete(dir, true))

        test "a missing profile or folder is normal: no profile, no warning" {
            let dir = Path.Combine(tempDir (), "does", "not", "exist")
            let profile, warnings, _ = loadCountingWarnings dir
            Expect.isNull profile "none"
            Expect.isEmpty warnings "no warning"
            let disabled = ProfileStore(null, CpuInfo.Current)
            Expect.isNull disabled.Active "profiles disabled"
            Expect.isEmpty disabled.Warnings "no warning"
        }

        test "a valid profile is used: the driver's choice comes from it" {
            let dir = tempDir ()
            try
                ProfileStore(dir, CpuInfo.Current).Save(TuningProfile.Parse(validJson ())) |> ignore
                let profile, warnings, _ = loadCountingWarnings dir
                Expect.isNotNull profile "loaded"
                Expect.isEmpty warnings "no warning"
                let choice = GemmBlocking.Resolve(VectorPath.Vector256, MicroTile(6, 16), 4, CpuInfo.Current, profile)
                Expect.equal (choice.Blocking, choice.KcSource) (GemmBlocking(170, 576, 8192), InfoSource.Profile) "from the profile"
            finally
                Directory.Delete(dir, true)
        }

        test "the default folder honours TENSORGEN_PROFILE_DIR, else XDG_CACHE_HOME, else ~/.cache (LOCALAPPDATA on Windows)" {
            let dir = ProfileStore.DefaultDirectory()
            match Environment.GetEnvironmentVariable ProfileStore.DirectoryVariable, Environment.GetEnvironmentVariable "XDG_CACHE_HOME" with
            | v, _ when not (String.IsNullOrWhiteSpace v) -> Expect.equal dir v "the override"
            | _ when OperatingSystem.IsWindows() -> Expect.stringContains dir "TensorGen" "LOCALAPPDATA"
            | _, x when not (String.IsNullOrWhiteSpace x) && Path.IsPathRooted x -> Expect.equal dir (Path.Combine(x, "tensorgen", "profiles")) "XDG"
            | _ -> Expect.equal dir (Path.Combine(Environment.GetFolderPath Environment.SpecialFolder.UserProfile, ".cache", "tensorgen", "profiles")) "~/.cache"
        }

        test "two writers saving at once, with a reader reading throughout, leave a valid profile and never show a torn one" {
            let dir = tempDir ()
            try
                let profileFor (writer: int) (i: int) =
                    let padding = String('p', 20000 * (writer + 1)) // large enough that a torn write would be visible
                    let entry = TunedBlocking(VectorPath.Vector256, 4, 6, 16, 100 + i, 6 * (writer + 1), 16 * i + 16, 1, 6, 16, 1.0, null)
                    TuningProfile.Create(CpuInfo.Current, sprintf "writer %d %s" writer padding, [| entry |])
                let rounds = 40
                let stop = ref false
                let problems = Collections.Concurrent.ConcurrentBag<string>()
                let reads = ref 0
                let reader =
                    Thread(ThreadStart(fun () ->
                        let store = ProfileStore(dir, CpuInfo.Current)
                        while not stop.Value do
                            let load = store.Load()
                            if not (isNull load.Problem) then problems.Add load.Problem
                            Interlocked.Increment(&reads.contents) |> ignore))
                let writers =
                    [ for w in 0 .. 1 ->
                        Thread(ThreadStart(fun () ->
                            let store = ProfileStore(dir, CpuInfo.Current) // a separate writer, as another process would have
                            for i in 1 .. rounds do store.Save(profileFor w i) |> ignore)) ]
                reader.Start()
                writers |> List.iter (fun t -> t.Start())
                writers |> List.iter (fun t -> t.Join())
                stop.Value <- true
                reader.Join()
                Expect.isEmpty problems (sprintf "the reader saw a bad profile: %A" (Seq.truncate 3 problems))
                let final = ProfileStore(dir, CpuInfo.Current).Load()
                Expect.isNotNull final.Profile "a valid profile at the end"
                Expect.equal final.Profile.Entries[0].Kc (100 + rounds) "one writer's last profile"
                Expect.isEmpty (Directory.GetFiles(dir, "*.tmp")) "no temporary files left"
                Expect.isGreaterThan reads.Value 0 "the reader read"
            finally
                Directory.Delete(dir, true)
        }

        test "saving refuses a profile for another CPU or with nonsense entries" {
            let dir = tempDir ()
            try
                let store = ProfileStore(dir, CpuInfo.Current)
                let foreign = TuningProfile.Parse(validJson ()) |> fun p -> TuningProfile(p.Format, p.Version, "elsewhere", p.CreatedUtc, p.Tool, p.Entries, null)
                Expect.throwsT<ArgumentException> (fun () -> store.Save foreign |> ignore) "foreign"
                let bad = TuningProfile.Create(CpuInfo.Current, "t", [| TunedBlocking(VectorPath.Vector256, 4, 6, 16, 0, 6, 16, 1, 6, 16, 1.0, null) |])
                Expect.throwsT<ArgumentException> (fun () -> store.Save bad |> ignore) "kc = 0"
                Expect.isFalse (File.Exists store.ProfilePath) "nothing written"
            finally
                Directory.Delete(dir, true)
        } ]
    |> testList "profiles"

let tests : Test = testList "machine" [ detection; MachineDumps.tests; model; profiles ]
