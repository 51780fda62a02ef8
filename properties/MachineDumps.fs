/// The CPU detector run on machines other than this one: recorded or constructed dumps (properties/machines/*.dump,
/// the format `bench info --dump` writes) of an AMD Zen 5 VM, a Zen 3 VM, an Intel Xeon with leaf 4, an Intel CPU
/// with leaf 2 only, an Arm server's sysfs, Apple silicon's sysctl and a VM with nothing readable; the live machine's
/// dump read back; and CPUID registers drawn at random, which must never give an implausible cache.
module TensorGen.Properties.MachineDumps

open System
open System.IO
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen.Kernels
open TensorGen.Machine

let private machinesFolder = Path.Combine(AppContext.BaseDirectory, "machines")

let private load name =
    CpuSource.ParseDump(File.ReadAllText(Path.Combine(machinesFolder, name + ".dump")), name + ".dump")

/// (name, KiB, ways, line bytes, shared by, source) of each detected cache, in order.
type private Expected = (string * int64 * int * int * int * InfoSource) list

let private kib (n: int64) = n * 1024L

/// Each dump, the identity and caches the detector must find, and a note it must make (or "" for none).
let private machines : (string * string * int * int * Expected * string) list =
    [ "zen5-vm", "AuthenticAMD", 0x1A, 2,
      [ "L1d", kib 48L, 12, 64, 0, InfoSource.CpuidLeaf80000005
        "L1i", kib 32L, 8, 64, 0, InfoSource.CpuidLeaf80000005
        "L2", kib 1024L, 8, 64, 0, InfoSource.CpuidLeaf80000006 ],
      "L3 508 MiB from cpuid 0x80000006 rejected"
      "zen3-vm", "AuthenticAMD", 0x19, 1,
      [ "L1d", kib 32L, 8, 64, 2, InfoSource.CpuidLeaf8000001D
        "L1i", kib 32L, 8, 64, 2, InfoSource.CpuidLeaf8000001D
        "L2", kib 512L, 8, 64, 2, InfoSource.CpuidLeaf8000001D
        "L3", kib 32768L, 16, 64, 16, InfoSource.CpuidLeaf8000001D ],
      ""
      "xeon-icelake", "GenuineIntel", 6, 0x6A,
      [ "L1d", kib 48L, 12, 64, 2, InfoSource.CpuidLeaf4
        "L1i", kib 32L, 8, 64, 2, InfoSource.CpuidLeaf4
        "L2", kib 1280L, 20, 64, 2, InfoSource.CpuidLeaf4
        "L3", kib (54L * 1024L), 12, 64, 64, InfoSource.CpuidLeaf4 ],
      ""
      "core2-leaf2", "GenuineIntel", 6, 0x17,
      [ "L1d", kib 32L, 8, 64, 0, InfoSource.CpuidLeaf2
        "L1i", kib 32L, 8, 64, 0, InfoSource.CpuidLeaf2
        "L2", kib 6144L, 24, 64, 0, InfoSource.CpuidLeaf2 ],
      "no source describes a plausible L3"
      "neoverse-n1", "ARM", 0x41, 0xD0C,
      [ "L1d", kib 64L, 4, 64, 1, InfoSource.Sysfs
        "L1i", kib 64L, 4, 64, 1, InfoSource.Sysfs
        "L2", kib 1024L, 8, 64, 1, InfoSource.Sysfs ],
      "no source describes a plausible L3"
      "apple-m1", "unknown", 0, 0,
      [ "L1d", kib 128L, 0, 128, 1, InfoSource.Sysctl
        "L2", kib 12288L, 0, 128, 4, InfoSource.Sysctl ],
      "no source describes a plausible L3"
      "bare-vm", "GenuineIntel", 6, 0x3F,
      [ "L1d", kib 32L, 8, 64, 1, InfoSource.Default
        "L1i", kib 32L, 8, 64, 1, InfoSource.Default
        "L2", kib 512L, 8, 64, 1, InfoSource.Default
        "L3", kib 8192L, 16, 64, 0, InfoSource.Default ],
      "no data cache found" ]

let private describe (c: CacheLevel) = c.Name, c.SizeBytes, c.Ways, c.LineBytes, c.SharedBy, c.Source

/// A dump of an AMD machine whose legacy cache leaves hold arbitrary registers, or of an Intel one whose leaf 2 does.
let private randomDump (amd: bool) (cores: int) (registers: uint32[]) =
    let vendor = if amd then "00000000 0 00000010 68747541 444d4163 69746e65" else "00000000 0 00000010 756e6547 6c65746e 49656e69"
    let leaves =
        if amd then
            [ sprintf "cpuid 80000000 0 80000006 0 0 0"
              sprintf "cpuid 80000005 0 0 0 %08x %08x" registers[0] registers[1]
              sprintf "cpuid 80000006 0 0 0 %08x %08x" registers[2] registers[3] ]
        else
            [ sprintf "cpuid 00000002 0 %08x %08x %08x %08x" registers[0] registers[1] registers[2] registers[3] ]
    let text = String.Join("\n", [ "architecture X64"; sprintf "logical-cores %d" cores; "cpuid " + vendor ] @ leaves)
    CpuSource.ParseDump(text, "random")

let tests =
    testList "recorded machines" [
        for name, vendor, family, model, expected, note in machines do
            test (sprintf "%s: identity, caches with their sources, and notes" name) {
                let cpu = CpuInfo.Detect(load name)
                Expect.equal cpu.Vendor vendor "vendor"
                Expect.equal (cpu.Family, cpu.Model) (family, model) "family and model"
                Expect.sequenceEqual (cpu.Caches |> Seq.map describe |> List.ofSeq) expected "caches"
                if note = "" then
                    Expect.isEmpty cpu.CacheNotes "no notes"
                else
                    Expect.exists cpu.CacheNotes (fun n -> n.Contains note) (sprintf "a note containing '%s' in %A" note cpu.CacheNotes)
            }

        test "zen5-vm: the blocking model uses the 48 KiB L1d and 1 MiB L2, and leaves nc to the default without an L3" {
            let cpu = CpuInfo.Detect(load "zen5-vm")
            let choice = BlockingModel.Compute(cpu, MicroTile(8, 32), 4)
            Expect.equal (choice.KcSource, choice.McSource, choice.NcSource) (InfoSource.Model, InfoSource.Model, InfoSource.Default) "sources"
            Expect.stringContains choice.KcBasis "L1d 48 KiB (cpuid 0x80000005)" "kc's basis names the L1d and its source"
            Expect.stringContains choice.McBasis "L2 1 MiB (cpuid 0x80000006)" "mc's basis names the L2 and its source"
            Expect.isTrue (cpu.Has "avx512f" && cpu.Has "avx512bf16") "AVX-512 F and BF16 from the recorded CPUID"
        }

        test "neoverse-n1: vendor, part and features from /proc/cpuinfo" {
            let cpu = CpuInfo.Detect(load "neoverse-n1")
            Expect.equal cpu.IdentitySource InfoSource.ProcCpuinfo "identity source"
            Expect.contains cpu.CpuFeatures "asimddp" "features"
            Expect.equal cpu.LogicalCores 4 "logical cores"
        }

        test "this machine's dump reads back to the same detection" {
            let live = CpuSource.Live
            let again = CpuInfo.Detect(CpuSource.ParseDump(live.ToDump(), "live"))
            Expect.equal again CpuInfo.Current "detected from the dump vs detected live"
        }

        test "a line that is not a dump line is refused with its line number" {
            let refusal text =
                try
                    CpuSource.ParseDump(text, "bad.dump") |> ignore
                    failtest "the dump was accepted"
                with :? FormatException as e -> e.Message
            Expect.stringContains (refusal "architecture X64\ncpuid 1 0 zz 0 0 0\n") "bad.dump, line 2" "a bad cpuid line: the file and line"
            Expect.stringContains (refusal "sysfs index0/colour red\n") "line 1" "an unknown sysfs file: the line"
        }

        testProperty "arbitrary legacy cache registers never give an implausible or out-of-order cache" <| fun (amd: bool) (cores: byte) (a: uint32) (b: uint32) (c: uint32) (d: uint32) ->
            let cpu = CpuInfo.Detect(randomDump amd (int cores % 64 + 1) [| a; b; c; d |])
            let data = cpu.Caches |> Seq.filter (fun x -> x.HoldsData) |> List.ofSeq
            let increasing = data |> List.pairwise |> List.forall (fun (x, y) -> x.Level < y.Level && x.SizeBytes < y.SizeBytes)
            let lines = cpu.Caches |> Seq.forall (fun x -> x.LineBytes >= 16 && x.LineBytes <= 1024 && (x.LineBytes &&& (x.LineBytes - 1)) = 0)
            let l3 = data |> List.forall (fun x -> x.Level < 3 || x.SizeBytes <= 16L * 1024L * 1024L * int64 (max cpu.LogicalCores x.SharedBy))
            (increasing && lines && l3 && not data.IsEmpty) |> Prop.label (sprintf "%A" (cpu.Caches |> Seq.map string |> List.ofSeq))
    ]
