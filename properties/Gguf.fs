/// GGUF files: random files written by GgufWriter read back equal (metadata of every type, nested arrays, tensors of
/// every supported type, every alignment); a file built byte by byte from the specification read as the
/// specification says, and written by GgufWriter to the same bytes; corrupt files (every truncation, byte flips in
/// the header, one targeted case per rule) rejected with a GgufFormatException naming the field and its offset.
/// Every comparison here is exact.
module TensorGen.Properties.Gguf

open System
open System.IO
open System.Runtime.InteropServices
open Expecto
open FsCheck
open FsCheck.FSharp
open TensorGen.Properties.Generators
open TensorGen.Gguf
open TensorGen.Numerics

// ---- the specification's numbers, written out here rather than taken from the library -------------------------

/// (values per block, bytes per block) of the ggml types the tests write (gguf-py's GGML_QUANT_SIZES).
let layout (t: GgufTensorType) =
    match int t with
    | 0 -> 1, 4 // F32
    | 1 -> 1, 2 // F16
    | 2 -> 32, 18 // Q4_0
    | 8 -> 32, 34 // Q8_0
    | 12 -> 256, 144 // Q4_K
    | 14 -> 256, 210 // Q6_K
    | 24 -> 1, 1 // I8
    | 26 -> 1, 4 // I32
    | 28 -> 1, 8 // F64
    | 30 -> 1, 2 // BF16
    | n -> failwithf "no layout written down for type %d" n

let tryLayout (t: GgufTensorType) = try Some(layout t) with _ -> None

/// Little-endian bytes built field by field, the position of each field at hand.
type Bytes() =
    let buffer = ResizeArray<byte>()
    member _.Pos = int64 buffer.Count
    member _.Raw(bytes: byte[]) = buffer.AddRange bytes
    member b.U8(v: byte) = b.Raw [| v |]
    member b.U16(v: uint16) = b.Raw [| byte v; byte (v >>> 8) |]
    member b.U32(v: uint32) = b.Raw(Array.init 4 (fun i -> byte (v >>> (8 * i))))
    member b.U64(v: uint64) = b.Raw(Array.init 8 (fun i -> byte (v >>> (8 * i))))
    member b.Str(s: string) =
        let utf8 = Text.Encoding.UTF8.GetBytes s
        b.U64(uint64 utf8.Length)
        b.Raw utf8
    member b.Header(version: uint32, tensors: uint64, kvs: uint64) =
        b.Raw "GGUF"B
        b.U32 version
        b.U64 tensors
        b.U64 kvs
    member _.PadTo(alignment: int) = while buffer.Count % alignment <> 0 do buffer.Add 0uy
    member _.ToArray() = buffer.ToArray()

let parse (bytes: byte[]) = GgufFile.Parse(ReadOnlyMemory bytes)

/// Parsing gives a GgufFormatException with exactly this field and offset.
let rejects (field: string) (offset: int64) (bytes: byte[]) =
    match (try Ok(parse bytes) with e -> Error e) with
    | Ok f -> f.Dispose(); failtestf "expected a GgufFormatException at %s, byte %d; the file parsed" field offset
    | Error(:? GgufFormatException as e) ->
        Expect.equal e.Field field $"field ({e.Message})"
        Expect.equal e.Offset offset $"offset ({e.Message})"
        Expect.stringContains e.Message field "the message names the field"
        Expect.stringContains e.Message (string offset) "the message names the offset"
        e
    | Error e -> failtestf "expected a GgufFormatException at %s, byte %d; got %O" field offset e

// ---- random files ---------------------------------------------------------------------------------------------

let scalarTypes =
    [ GgufValueType.UInt8; GgufValueType.Int8; GgufValueType.UInt16; GgufValueType.Int16; GgufValueType.UInt32
      GgufValueType.Int32; GgufValueType.Float32; GgufValueType.Bool; GgufValueType.String; GgufValueType.UInt64
      GgufValueType.Int64; GgufValueType.Float64 ]

let genString : Gen<string> =
    let pieces = [| "a"; "Z"; "0"; " "; "."; "é"; "ß"; "Ω"; "日本"; "🦀"; "\n"; "\u0000"; "\"" |]
    Gen.frequency [ 1, Gen.constant ""; 6, Gen.arrayOf (Gen.elements pieces) |> Gen.map String.Concat ]

let any<'T> = ArbMap.defaults |> ArbMap.generate<'T>

let genScalar (t: GgufValueType) : Gen<GgufValue> =
    match t with
    | GgufValueType.UInt8 -> any<byte> |> Gen.map GgufValue.FromUInt8
    | GgufValueType.Int8 -> any<sbyte> |> Gen.map GgufValue.FromInt8
    | GgufValueType.UInt16 -> any<uint16> |> Gen.map GgufValue.FromUInt16
    | GgufValueType.Int16 -> any<int16> |> Gen.map GgufValue.FromInt16
    | GgufValueType.UInt32 -> any<uint32> |> Gen.map GgufValue.FromUInt32
    | GgufValueType.Int32 -> any<int> |> Gen.map GgufValue.FromInt32
    | GgufValueType.Float32 -> any<float32> |> Gen.map GgufValue.FromFloat32
    | GgufValueType.Bool -> any<bool> |> Gen.map GgufValue.FromBool
    | GgufValueType.String -> genString |> Gen.map GgufValue.FromString
    | GgufValueType.UInt64 -> any<uint64> |> Gen.map GgufValue.FromUInt64
    | GgufValueType.Int64 -> any<int64> |> Gen.map GgufValue.FromInt64
    | _ -> any<float> |> Gen.map GgufValue.FromFloat64

/// An array of any element type; arrays of arrays down to `depth` more levels.
let rec genArray (depth: int) : Gen<GgufValue> =
    gen {
        let! element = Gen.elements (if depth > 0 then GgufValueType.Array :: scalarTypes else scalarTypes)
        let! n = Gen.choose (0, 5)
        let! elements = Gen.listOfLength n (if element = GgufValueType.Array then genArray (depth - 1) else genScalar element)
        return GgufValue.FromArray(element, elements)
    }

/// A value of any type, arrays nesting up to `depth` levels below the first.
let genValue (depth: int) : Gen<GgufValue> =
    Gen.frequency [ 3, Gen.elements scalarTypes |> Gen.bind genScalar; 1, genArray depth ]

type TensorCase = { Name: string; Type: GgufTensorType; Dims: int64[]; Data: byte[] }

let tensorTypes =
    [ GgufTensorType.F32; GgufTensorType.F16; GgufTensorType.BF16; GgufTensorType.Q4_0; GgufTensorType.Q8_0
      GgufTensorType.I8; GgufTensorType.I32; GgufTensorType.F64; GgufTensorType.Q4_K; GgufTensorType.Q6_K ]

let genTensor (maxDims: int) (index: int) : Gen<TensorCase> =
    gen {
        let! t = Gen.elements tensorTypes
        let block, bytes = layout t
        let! nDims = Gen.choose (1, maxDims)
        let! rowBlocks = Gen.frequency [ 1, Gen.constant 0; 6, Gen.choose (1, 3) ]
        let! rest = Gen.listOfLength (nDims - 1) (Gen.frequency [ 1, Gen.constant 0L; 8, Gen.choose (1, 3) |> Gen.map int64 ])
        let dims = Array.ofList (int64 (rowBlocks * block) :: rest)
        let size = int (Array.fold (*) 1L dims) / block * bytes
        let! seed = any<int>
        let data = Array.zeroCreate<byte> size
        Random(seed).NextBytes data
        let! name = genString
        return { Name = sprintf "t%d.%s" index name; Type = t; Dims = dims; Data = data }
    }

type FileCase =
    { Metadata: (string * GgufValue) list
      Alignment: uint32 option
      Tensors: TensorCase list }

let genFile (maxTensors: int) (maxDims: int) : Gen<FileCase> =
    gen {
        let! n = Gen.choose (0, 8)
        let! values = Gen.listOfLength n (genValue 2)
        let! keys = Gen.listOfLength n genString
        let! alignment = Gen.frequency [ 2, Gen.constant None; 3, Gen.elements [ 1u; 2u; 4u; 8u; 16u; 32u; 64u; 256u; 4096u ] |> Gen.map Some ]
        let! t = Gen.choose (0, maxTensors)
        let! tensors = [ for i in 0 .. t - 1 -> genTensor maxDims i ] |> Gen.sequenceToList
        let metadata = List.mapi2 (fun i k v -> sprintf "k%d%s" i k, v) keys values
        return { Metadata = metadata; Alignment = alignment; Tensors = tensors }
    }

let write (case: FileCase) : byte[] =
    let w = GgufWriter()
    case.Alignment |> Option.iter (fun a -> w.Add("general.alignment", GgufValue.FromUInt32 a) |> ignore)
    for k, v in case.Metadata do w.Add(k, v) |> ignore
    for t in case.Tensors do w.AddTensor(t.Name, t.Type, ReadOnlySpan t.Dims, ReadOnlySpan t.Data) |> ignore
    w.ToArray()

/// A supported tensor's data through its span type, as bytes.
let spanBytes (f: GgufFile) (info: GgufTensorInfo) : byte[] option =
    match info.Type with
    | GgufTensorType.F32 -> Some(MemoryMarshal.AsBytes(f.GetSpan<float32> info).ToArray())
    | GgufTensorType.F16 -> Some(MemoryMarshal.AsBytes(f.GetSpan<Half> info).ToArray())
    | GgufTensorType.BF16 -> Some(MemoryMarshal.AsBytes(f.GetSpan<BFloat16> info).ToArray())
    | GgufTensorType.Q4_0 -> Some(BlockQ4_0.AsBytes(f.GetSpan<BlockQ4_0> info).ToArray())
    | GgufTensorType.Q8_0 -> Some(BlockQ8_0.AsBytes(f.GetSpan<BlockQ8_0> info).ToArray())
    | GgufTensorType.I8 -> Some(MemoryMarshal.AsBytes(f.GetSpan<sbyte> info).ToArray())
    | GgufTensorType.I32 -> Some(MemoryMarshal.AsBytes(f.GetSpan<int> info).ToArray())
    | GgufTensorType.F64 -> Some(MemoryMarshal.AsBytes(f.GetSpan<float> info).ToArray())
    | _ -> None

/// The end of the last tensor's data: a file cut anywhere before it lacks bytes that it declares.
let dataEnd (f: GgufFile) =
    f.Tensors |> Seq.map (fun t -> t.Offset + t.ByteSize.Value) |> Seq.fold max f.DataOffset

/// A value read back through the typed accessor of its own type (As, AsArray; arrays of arrays element by element).
let rec typedView (v: GgufValue) : obj =
    let arr (read: unit -> Collections.Generic.IReadOnlyList<'T>) = box (List.ofSeq (read ()))
    match v.Type, Option.ofNullable v.ElementType with
    | GgufValueType.Array, Some GgufValueType.UInt8 -> arr v.AsArray<byte>
    | GgufValueType.Array, Some GgufValueType.Int8 -> arr v.AsArray<sbyte>
    | GgufValueType.Array, Some GgufValueType.UInt16 -> arr v.AsArray<uint16>
    | GgufValueType.Array, Some GgufValueType.Int16 -> arr v.AsArray<int16>
    | GgufValueType.Array, Some GgufValueType.UInt32 -> arr v.AsArray<uint32>
    | GgufValueType.Array, Some GgufValueType.Int32 -> arr v.AsArray<int>
    | GgufValueType.Array, Some GgufValueType.Float32 -> box [ for x in v.AsArray<float32>() -> BitConverter.SingleToUInt32Bits x ]
    | GgufValueType.Array, Some GgufValueType.Bool -> arr v.AsArray<bool>
    | GgufValueType.Array, Some GgufValueType.String -> arr v.AsArray<string>
    | GgufValueType.Array, Some GgufValueType.UInt64 -> arr v.AsArray<uint64>
    | GgufValueType.Array, Some GgufValueType.Int64 -> arr v.AsArray<int64>
    | GgufValueType.Array, Some GgufValueType.Float64 -> box [ for x in v.AsArray<float>() -> BitConverter.DoubleToUInt64Bits x ]
    | GgufValueType.Array, _ -> box [ for x in v.AsArray<GgufValue>() -> typedView x ]
    | GgufValueType.UInt8, _ -> box (v.As<byte>())
    | GgufValueType.Int8, _ -> box (v.As<sbyte>())
    | GgufValueType.UInt16, _ -> box (v.As<uint16>())
    | GgufValueType.Int16, _ -> box (v.As<int16>())
    | GgufValueType.UInt32, _ -> box (v.As<uint32>())
    | GgufValueType.Int32, _ -> box (v.As<int>())
    | GgufValueType.Float32, _ -> box (BitConverter.SingleToUInt32Bits(v.As<float32>()))
    | GgufValueType.Bool, _ -> box (v.As<bool>())
    | GgufValueType.String, _ -> box (v.As<string>())
    | GgufValueType.UInt64, _ -> box (v.As<uint64>())
    | GgufValueType.Int64, _ -> box (v.As<int64>())
    | _ -> box (BitConverter.DoubleToUInt64Bits(v.As<float>()))

let roundTrip =
    testList "round trip" [
        property "random files (every value type, nested arrays, every tensor type, alignments 1..4096): read back equal, bit-exact" 200 (genFile 5 4) (fun case ->
            let bytes = write case
            use f = parse bytes
            let alignment = defaultArg case.Alignment 32u
            Expect.equal f.Version 3u "version"
            Expect.equal f.Alignment (int alignment) "alignment"
            let expected = [ match case.Alignment with Some a -> "general.alignment", GgufValue.FromUInt32 a | None -> ()
                             yield! case.Metadata ]
            Expect.sequenceEqual [ for kv in f.Metadata -> kv.Key, kv.Value ] expected "metadata, in order"
            for k, v in expected do
                Expect.equal f.Metadata.[k] v $"metadata[{k}] by key"
                Expect.equal (typedView f.Metadata.[k]) (typedView v) $"metadata[{k}] through its typed accessor"
            Expect.equal (f.DataOffset % int64 alignment) 0L "the data section is aligned"
            Expect.equal f.Tensors.Count case.Tensors.Length "tensor count"
            for t, info in Seq.zip case.Tensors f.Tensors do
                let block, bytes = layout t.Type
                let elements = Array.fold (*) 1L t.Dims
                Expect.equal info.Name t.Name "name"
                Expect.equal info.Type t.Type $"{t.Name}: type"
                Expect.sequenceEqual info.Dimensions t.Dims $"{t.Name}: dims"
                Expect.equal info.ElementCount elements $"{t.Name}: elements"
                Expect.equal info.ByteSize (Nullable(elements / int64 block * int64 bytes)) $"{t.Name}: bytes"
                Expect.equal (info.Offset % int64 alignment) 0L $"{t.Name}: aligned"
                Expect.equal (info.Offset - f.DataOffset) info.RelativeOffset $"{t.Name}: relative offset"
                Expect.equal ((f.GetBytes info).ToArray()) t.Data $"{t.Name}: bytes"
                Expect.equal (f.GetTensor t.Name) info $"{t.Name}: by name"
                match spanBytes f info with
                | Some span -> Expect.equal span t.Data $"{t.Name}: span"
                | None -> Expect.isFalse info.IsSupported $"{t.Name}: no span type"
            let extents = [ for info in f.Tensors do if info.ByteSize.Value > 0L then info.Offset, info.Offset + info.ByteSize.Value ] |> List.sort
            for (_, e), (s, _) in List.pairwise extents do Expect.isLessThanOrEqual e s "no tensors overlap")

        test "the typed FromArray overloads equal FromArray(elementType, values); As and AsArray read every type" {
            let pairs : (GgufValue * GgufValue) list =
                [ GgufValue.FromArray(ReadOnlySpan [| 1uy; 255uy |]), GgufValue.FromArray(GgufValueType.UInt8, [ GgufValue.FromUInt8 1uy; GgufValue.FromUInt8 255uy ])
                  GgufValue.FromArray(ReadOnlySpan [| -1y |]), GgufValue.FromArray(GgufValueType.Int8, [ GgufValue.FromInt8 -1y ])
                  GgufValue.FromArray(ReadOnlySpan [| 65535us |]), GgufValue.FromArray(GgufValueType.UInt16, [ GgufValue.FromUInt16 65535us ])
                  GgufValue.FromArray(ReadOnlySpan [| -2s |]), GgufValue.FromArray(GgufValueType.Int16, [ GgufValue.FromInt16 -2s ])
                  GgufValue.FromArray(ReadOnlySpan [| 7u |]), GgufValue.FromArray(GgufValueType.UInt32, [ GgufValue.FromUInt32 7u ])
                  GgufValue.FromArray(ReadOnlySpan [| -7 |]), GgufValue.FromArray(GgufValueType.Int32, [ GgufValue.FromInt32 -7 ])
                  GgufValue.FromArray(ReadOnlySpan [| nanf; -0.0f |]), GgufValue.FromArray(GgufValueType.Float32, [ GgufValue.FromFloat32 nanf; GgufValue.FromFloat32 -0.0f ])
                  GgufValue.FromArray(ReadOnlySpan [| true; false |]), GgufValue.FromArray(GgufValueType.Bool, [ GgufValue.FromBool true; GgufValue.FromBool false ])
                  GgufValue.FromArray(ReadOnlySpan [| "x"; "" |]), GgufValue.FromArray(GgufValueType.String, [ GgufValue.FromString "x"; GgufValue.FromString "" ])
                  GgufValue.FromArray(ReadOnlySpan [| UInt64.MaxValue |]), GgufValue.FromArray(GgufValueType.UInt64, [ GgufValue.FromUInt64 UInt64.MaxValue ])
                  GgufValue.FromArray(ReadOnlySpan [| Int64.MinValue |]), GgufValue.FromArray(GgufValueType.Int64, [ GgufValue.FromInt64 Int64.MinValue ])
                  GgufValue.FromArray(ReadOnlySpan [| 1e300 |]), GgufValue.FromArray(GgufValueType.Float64, [ GgufValue.FromFloat64 1e300 ]) ]
            for typed, general in pairs do
                Expect.equal typed general $"{typed}"
                Expect.equal (typed.GetHashCode()) (general.GetHashCode()) $"{typed}: hash"
                Expect.equal (typed.AsArray<GgufValue>() |> List.ofSeq) [ for i in 0 .. general.Length - 1 -> general.[i] ] $"{typed}: elements"
            Expect.equal (GgufValue.FromInt8(-5y).As<sbyte>()) -5y "Int8"
            Expect.equal (GgufValue.FromFloat64(0.1).As<float>()) 0.1 "Float64"
            Expect.sequenceEqual (GgufValue.FromArray(ReadOnlySpan [| "a"; "b" |]).AsArray<string>()) [ "a"; "b" ] "strings"
            Expect.throwsT<InvalidOperationException> (fun () -> GgufValue.FromUInt32(1u).As<int>() |> ignore) "UInt32 read as int"
            Expect.throwsT<InvalidOperationException> (fun () -> GgufValue.FromArray(ReadOnlySpan [| 1 |]).AsArray<uint32>() |> ignore) "Int32 array read as uint"
            Expect.throwsT<ArgumentException> (fun () -> GgufValue.FromArray(GgufValueType.UInt8, [ GgufValue.FromInt8 1y ]) |> ignore) "mixed element types"
        }

        test "GgufMetadata: typed look-ups name the key; TryGet is false for a missing key or another type" {
            let bytes = GgufWriter().Add("general.name", GgufValue.FromString "m").Add("n", GgufValue.FromUInt32 5u).Add("v", GgufValue.FromArray(ReadOnlySpan [| 1.5f |])).ToArray()
            use f = parse bytes
            Expect.equal (f.Metadata.Get<string> "general.name") "m" "Get<string>"
            Expect.equal (f.Metadata.Get<uint32> "n") 5u "Get<uint32>"
            Expect.sequenceEqual (f.Metadata.GetArray<float32> "v") [ 1.5f ] "GetArray<float32>"
            Expect.isFalse (fst (f.Metadata.TryGet<int> "n")) "TryGet<int> of a UInt32"
            Expect.isFalse (fst (f.Metadata.TryGet<string> "missing")) "TryGet of a missing key"
            Expect.isTrue (fst (f.Metadata.TryGetArray<float32> "v")) "TryGetArray<float32>"
            let e = Expect.throwsC (fun () -> f.Metadata.Get<int> "n" |> ignore) id
            Expect.isTrue (e :? InvalidOperationException && e.Message.Contains "\"n\"") $"the message names the key: {e.Message}"
            Expect.throwsT<Collections.Generic.KeyNotFoundException> (fun () -> f.Metadata.["missing"] |> ignore) "missing key"
        }

        test "Open memory-maps a file on disk: the same directory and bytes as Parse; an empty file is rejected at magic" {
            let data = Array.init (64 * 18) byte
            let bytes = GgufWriter().Add("a", GgufValue.FromBool true).AddTensor("w", GgufTensorType.Q4_0, ReadOnlySpan [| 64L; 32L |], ReadOnlySpan data).ToArray()
            let path = Path.GetTempFileName()
            try
                File.WriteAllBytes(path, bytes)
                use f = GgufFile.Open path
                Expect.equal f.Length (int64 bytes.Length) "length"
                Expect.equal (BlockQ4_0.AsBytes(f.GetSpan<BlockQ4_0> "w").ToArray()) data "tensor bytes"
                Expect.isTrue (f.Metadata.Get<bool> "a") "metadata"
                File.WriteAllBytes(path, [||])
                let e = Expect.throwsC (fun () -> GgufFile.Open path |> ignore) id
                match e with
                | :? GgufFormatException as g -> Expect.equal (g.Field, g.Offset) ("magic", 0L) "empty file"
                | other -> failtestf "expected a GgufFormatException, got %O" other
            finally
                File.Delete path
        }
    ]

// ---- a file written byte by byte from the specification ---------------------------------------------------------

/// The golden file: version 3, alignment 64, five key-value pairs, a Q4_0 matrix [32, 2] and an F32 vector [3].
let golden () =
    let b = Bytes()
    b.Header(3u, 2UL, 5UL)
    b.Str "general.architecture"; b.U32 8u; b.Str "llama"
    b.Str "general.alignment"; b.U32 4u; b.U32 64u
    b.Str "pairs"; b.U32 9u; b.U32 3u; b.U64 2UL; b.U16 1us; b.U16 0xFFFEus
    b.Str "nested"; b.U32 9u; b.U32 9u; b.U64 2UL
    b.U32 0u; b.U64 1UL; b.U8 7uy
    b.U32 8u; b.U64 2UL; b.Str "é"; b.Str ""
    b.Str "flags"; b.U32 7u; b.U8 1uy
    b.Str "w"; b.U32 2u; b.U64 32UL; b.U64 2UL; b.U32 2u; b.U64 0UL
    b.Str "v"; b.U32 1u; b.U64 3UL; b.U32 0u; b.U64 64UL
    let infosEnd = b.Pos
    b.PadTo 64
    let dataStart = b.Pos
    // Two Q4_0 blocks: d = 1.0 (half 0x3C00), nibbles 0x98 (element j = 0, j + 16 = 1); d = 0.5, nibbles 0x0F (7, -8).
    b.U16 0x3C00us; b.Raw(Array.create 16 0x98uy)
    b.U16 0x3800us; b.Raw(Array.create 16 0x0Fuy)
    b.PadTo 64
    b.Raw(BitConverter.GetBytes 1.5f); b.Raw(BitConverter.GetBytes -2.0f); b.Raw(BitConverter.GetBytes 0.25f)
    b.PadTo 64
    b.ToArray(), infosEnd, dataStart

let goldenTests =
    testList "golden" [
        test "a file built byte by byte from the specification reads as the specification says" {
            let bytes, infosEnd, dataStart = golden ()
            Expect.equal dataStart 320L "the hand-built layout: 300 header bytes, padded to 64"
            Expect.equal infosEnd 300L "the tensor infos end at byte 300"
            use f = parse bytes
            Expect.equal f.Version 3u "version"
            Expect.equal f.Alignment 64 "alignment"
            Expect.equal f.DataOffset dataStart "data offset"
            Expect.sequenceEqual (f.Metadata.Keys) [ "general.architecture"; "general.alignment"; "pairs"; "nested"; "flags" ] "keys in order"
            Expect.equal (f.Metadata.Get<string> "general.architecture") "llama" "string"
            Expect.sequenceEqual (f.Metadata.GetArray<int16> "pairs") [ 1s; -2s ] "int16 array"
            let nested = f.Metadata.GetArray<GgufValue> "nested"
            Expect.sequenceEqual (nested.[0].AsArray<byte>()) [ 7uy ] "nested uint8 array"
            Expect.sequenceEqual (nested.[1].AsArray<string>()) [ "é"; "" ] "nested string array"
            Expect.isTrue (f.Metadata.Get<bool> "flags") "bool"
            let w = f.GetTensor "w"
            Expect.equal (w.Type, List.ofSeq w.Dimensions, w.ElementCount, w.ByteSize, w.Offset) (GgufTensorType.Q4_0, [ 32L; 2L ], 64L, Nullable 36L, 320L) "w"
            Expect.equal (w.Rows, w.Columns) (2L, 32L) "w: rows of 32"
            let blocks = f.GetSpan<BlockQ4_0> w
            let values = Array.zeroCreate<float32> 64
            BlockQ4_0.Dequantize(blocks, Span values)
            Expect.equal values (Array.concat [ Array.create 16 0.0f; Array.create 16 1.0f; Array.create 16 3.5f; Array.create 16 -4.0f ]) "w decoded"
            let v = f.GetTensor "v"
            Expect.equal (v.Type, List.ofSeq v.Dimensions, v.ByteSize, v.Offset) (GgufTensorType.F32, [ 3L ], Nullable 12L, 384L) "v"
            Expect.equal ((f.GetSpan<float32> v).ToArray()) [| 1.5f; -2.0f; 0.25f |] "v values"
        }

        test "GgufWriter writes the golden file's bytes exactly, and version 2 of it reads the same" {
            let bytes, _, _ = golden ()
            let w = GgufWriter()
            w.Add("general.architecture", GgufValue.FromString "llama")
             .Add("general.alignment", GgufValue.FromUInt32 64u)
             .Add("pairs", GgufValue.FromArray(ReadOnlySpan [| 1s; -2s |]))
             .Add("nested", GgufValue.FromArray(GgufValueType.Array, [ GgufValue.FromArray(ReadOnlySpan [| 7uy |]); GgufValue.FromArray(ReadOnlySpan [| "é"; "" |]) ]))
             .Add("flags", GgufValue.FromBool true) |> ignore
            use parsed = parse bytes
            w.AddTensor("w", ReadOnlySpan [| 32L; 2L |], parsed.GetSpan<BlockQ4_0> "w") |> ignore
            w.AddTensor("v", ReadOnlySpan [| 3L |], ReadOnlySpan [| 1.5f; -2.0f; 0.25f |]) |> ignore
            let written = w.ToArray()
            Expect.equal written.Length bytes.Length "length"
            Expect.equal written bytes "bytes"
            let v2 = Array.copy bytes
            v2.[4] <- 2uy
            use f = parse v2
            Expect.equal (f.Version, f.Tensors.Count, f.Metadata.Count) (2u, 2, 5) "version 2"
        }
    ]

// ---- corruption ---------------------------------------------------------------------------------------------------

let small = genFile 3 2

let corruption =
    testList "corruption" [
        property "every truncation before the last tensor's data ends is a GgufFormatException at or before the cut; one in the final padding parses" 40 small (fun case ->
            let bytes = write case
            let needed = (use f = parse bytes in dataEnd f)
            for length in 0 .. bytes.Length - 1 do
                let cut = bytes.[.. length - 1]
                match (try Ok(parse cut) with e -> Error e) with
                | Ok f ->
                    f.Dispose()
                    if int64 length < needed then failtestf "a cut at %d of %d (data ends at %d) parsed" length bytes.Length needed
                | Error(:? GgufFormatException as e) ->
                    if int64 length >= needed then failtestf "a cut at %d in the final padding was rejected: %s" length e.Message
                    if e.Offset > int64 length then failtestf "a cut at %d reported byte %d: %s" length e.Offset e.Message
                | Error e -> failtestf "a cut at %d: %O" length e)

        property "flipping any header byte (xor 0x01, 0x80, 0xFF) parses or is a GgufFormatException; a parse keeps every extent in the file" 40 small (fun case ->
            let bytes = write case
            let header = (use f = parse bytes in int f.DataOffset)
            for at in 0 .. header - 1 do
                for mask in [ 0x01uy; 0x80uy; 0xFFuy ] do
                    let flipped = Array.copy bytes
                    flipped.[at] <- flipped.[at] ^^^ mask
                    match (try Ok(parse flipped) with e -> Error e) with
                    | Ok f ->
                        use f = f
                        if f.DataOffset > f.Length then failtestf "byte %d ^ %x: data offset %d past the end" at mask f.DataOffset
                        for t in f.Tensors do
                            let product = t.Dimensions |> Seq.fold (fun p d -> p * Numerics.BigInteger d) Numerics.BigInteger.One
                            if Seq.exists (fun d -> d < 0L) t.Dimensions || product <> Numerics.BigInteger t.ElementCount then
                                failtestf "byte %d ^ %x: tensor %s has dims %A but %d elements" at mask t.Name (List.ofSeq t.Dimensions) t.ElementCount
                            match t.ByteSize |> Option.ofNullable, tryLayout t.Type with
                            | Some size, Some(block, bytes) ->
                                if Numerics.BigInteger size * Numerics.BigInteger block <> product * Numerics.BigInteger bytes then
                                    failtestf "byte %d ^ %x: tensor %s of %d elements of %O has %d bytes" at mask t.Name t.ElementCount t.Type size
                                if t.Offset < f.DataOffset || t.Offset + size > f.Length then
                                    failtestf "byte %d ^ %x: tensor %s [%d, +%d) outside the data" at mask t.Name t.Offset size
                                if int64 (f.GetBytes t).Length <> size then failtestf "byte %d ^ %x: tensor %s: GetBytes length" at mask t.Name
                            | _ -> ()
                    | Error(:? GgufFormatException) -> ()
                    | Error e -> failtestf "byte %d ^ %x: %O" at mask e)
    ]

// ---- targeted cases: one per rule, field and offset exact --------------------------------------------------------

/// A file with one key-value pair whose type and value `value` writes; the key is "k", so the type sits at byte 33
/// and the value at byte 37.
let oneValue (valueType: uint32) (value: Bytes -> unit) =
    let b = Bytes()
    b.Header(3u, 0UL, 1UL)
    b.Str "k"
    b.U32 valueType
    value b
    b.PadTo 32
    b.ToArray()

/// A file with no metadata and the tensor infos `infos` writes (the first starts at byte 24), then `data` bytes
/// of data after the padding to 32.
let withTensors (count: uint64) (infos: Bytes -> unit) (data: int) =
    let b = Bytes()
    b.Header(3u, count, 0UL)
    infos b
    b.PadTo 32
    b.Raw(Array.zeroCreate data)
    b.ToArray()

/// One tensor info: name, dims, type, offset.
let info (b: Bytes) (name: string) (dims: uint64 list) (t: uint32) (offset: uint64) =
    b.Str name
    b.U32(uint32 dims.Length)
    for d in dims do b.U64 d
    b.U32 t
    b.U64 offset

let targeted =
    testList "targeted" [
        test "bad magic: field magic, byte 0" {
            let bytes = oneValue 0u (fun b -> b.U8 1uy)
            bytes.[3] <- byte 'X'
            rejects "magic" 0L bytes |> ignore
            rejects "magic" 0L "GG"B |> ignore }
        test "version 1, 4, and 3 written big-endian: field version, byte 4; the messages say why" {
            for version, says in [ 1u, "version 1 is not supported"; 4u, "unknown version 4"; 0x03000000u, "big-endian" ] do
                let b = Bytes()
                b.Header(version, 0UL, 0UL)
                let e = rejects "version" 4L (b.ToArray())
                Expect.stringContains e.Message says "message" }
        test "a header cut inside tensor_count: field tensor_count, byte 8" {
            let b = Bytes()
            b.Header(3u, 0UL, 0UL)
            rejects "tensor_count" 8L (b.ToArray().[.. 11]) |> ignore }
        test "counts that cannot fit in the file: metadata_kv_count at 16, tensor_count at 8 (checked before allocating)" {
            let b = Bytes()
            b.Header(3u, 0UL, 1UL <<< 60)
            rejects "metadata_kv_count" 16L (b.ToArray()) |> ignore
            let b = Bytes()
            b.Header(3u, UInt64.MaxValue, 0UL)
            rejects "tensor_count" 8L (b.ToArray()) |> ignore }
        test "a key whose length runs past the end: metadata[0].key, byte 24" {
            let b = Bytes()
            b.Header(3u, 0UL, 1UL)
            b.U64 1000UL
            b.Raw "abc"B
            b.Raw(Array.zeroCreate 20)
            rejects "metadata[0].key" 24L (b.ToArray()) |> ignore }
        test "invalid UTF-8 in a key (metadata[0].key, byte 24) and in a string value (metadata[\"k\"], byte 37)" {
            let b = Bytes()
            b.Header(3u, 0UL, 1UL)
            b.U64 2UL; b.Raw [| 0xC3uy; 0x28uy |]; b.U32 0u; b.U8 0uy
            rejects "metadata[0].key" 24L (b.ToArray()) |> ignore
            rejects "metadata[\"k\"]" 37L (oneValue 8u (fun b -> b.U64 1UL; b.U8 0xFFuy)) |> ignore }
        test "an unknown value type 13: metadata[\"k\"].type, byte 33" {
            rejects "metadata[\"k\"].type" 33L (oneValue 13u (fun b -> b.U64 0UL)) |> ignore }
        test "a bool of 2 (metadata[\"k\"], byte 37) and a bool array element of 7 (metadata[\"k\"][1], byte 50)" {
            rejects "metadata[\"k\"]" 37L (oneValue 7u (fun b -> b.U8 2uy)) |> ignore
            rejects "metadata[\"k\"][1]" 50L (oneValue 9u (fun b -> b.U32 7u; b.U64 3UL; b.Raw [| 1uy; 7uy; 0uy |])) |> ignore }
        test "an array count past the end (metadata[\"k\"].count, byte 41) and an unknown element type (.element_type, byte 37)" {
            rejects "metadata[\"k\"].count" 41L (oneValue 9u (fun b -> b.U32 5u; b.U64 (1UL <<< 40))) |> ignore
            rejects "metadata[\"k\"].count" 41L (oneValue 9u (fun b -> b.U32 8u; b.U64 100UL)) |> ignore
            rejects "metadata[\"k\"].element_type" 37L (oneValue 9u (fun b -> b.U32 99u; b.U64 0UL)) |> ignore }
        test "a string element past the end: metadata[\"k\"][1], byte 59" {
            rejects "metadata[\"k\"][1]" 59L (oneValue 9u (fun b -> b.U32 8u; b.U64 2UL; b.Str "ab"; b.U64 500UL)) |> ignore }
        test "arrays nested 33 deep: the 33rd array, 12 bytes apart from byte 37; 32 deep parses" {
            let nest depth = oneValue 9u (fun b -> (for _ in 1 .. depth - 1 do b.U32 9u; b.U64 1UL); b.U32 0u; b.U64 0UL)
            (parse (nest 32)).Dispose()
            rejects ("metadata[\"k\"]" + String.replicate 32 "[0]") (37L + 12L * 32L) (nest 33) |> ignore }
        test "a duplicate key: metadata[\"a\"] at the second key, byte 38" {
            let b = Bytes()
            b.Header(3u, 0UL, 2UL)
            b.Str "a"; b.U32 0u; b.U8 1uy
            b.Str "a"; b.U32 0u; b.U8 2uy
            rejects "metadata[\"a\"]" 38L (b.ToArray()) |> ignore }
        test "general.alignment 48, 0 and 2^31 (the value, byte 53) or not a UInt32 (the type, byte 49)" {
            let aligned (t: uint32) (value: Bytes -> unit) =
                let b = Bytes()
                b.Header(3u, 0UL, 1UL)
                b.Str "general.alignment"; b.U32 t; value b
                b.ToArray()
            for a in [ 48u; 0u; 1u <<< 31 ] do rejects "metadata[\"general.alignment\"]" 53L (aligned 4u (fun b -> b.U32 a)) |> ignore
            rejects "metadata[\"general.alignment\"]" 49L (aligned 10u (fun b -> b.U64 32UL)) |> ignore }
        test "n_dims 0 and 5: tensor_infos[0].n_dims, byte 33" {
            for n in [ 0u; 5u ] do
                rejects "tensor_infos[0].n_dims" 33L (withTensors 1UL (fun b -> b.Str "t"; b.U32 n; b.U64 1UL; b.U32 0u; b.U64 0UL) 64) |> ignore }
        test "a dimension negative as int64: tensor_infos[0].dims[1], byte 45" {
            let e = rejects "tensor_infos[0].dims[1]" 45L (withTensors 1UL (fun b -> info b "t" [ 4UL; 1UL <<< 63 ] 0u 0UL) 64)
            Expect.stringContains e.Message "negative" "the message says why" }
        test "dimensions whose product overflows int64: tensor_infos[0].dims[2], byte 53" {
            rejects "tensor_infos[0].dims[2]" 53L (withTensors 1UL (fun b -> info b "t" [ 1UL <<< 31; 1UL <<< 31; 4UL ] 0u 0UL) 64) |> ignore }
        test "a Q4_0 row of 48 values (not whole blocks of 32): tensor_infos[0].dims[0], byte 37" {
            rejects "tensor_infos[0].dims[0]" 37L (withTensors 1UL (fun b -> info b "t" [ 48UL ] 2u 0UL) 64) |> ignore }
        test "a duplicate tensor name: tensor_infos[1].name, byte 57" {
            rejects "tensor_infos[1].name" 57L (withTensors 2UL (fun b -> info b "t" [ 4UL ] 0u 0UL; info b "t" [ 4UL ] 0u 32UL) 64) |> ignore }
        test "an offset not a multiple of the alignment: tensor_infos[0].offset, byte 49" {
            rejects "tensor_infos[0].offset" 49L (withTensors 1UL (fun b -> info b "t" [ 4UL ] 0u 16UL) 64) |> ignore }
        test "an offset past the end (tensor_infos[0].offset, byte 49) and data that runs past it (same field)" {
            rejects "tensor_infos[0].offset" 49L (withTensors 1UL (fun b -> info b "t" [ 4UL ] 0u 96UL) 64) |> ignore
            let e = rejects "tensor_infos[0].offset" 49L (withTensors 1UL (fun b -> info b "t" [ 32UL ] 0u 0UL) 64)
            Expect.stringContains e.Message "\"t\"" "names the tensor" }
        test "overlapping tensors: the later one's offset, tensor_infos[1].offset, byte 82" {
            let e = rejects "tensor_infos[1].offset" 82L (withTensors 2UL (fun b -> info b "a" [ 16UL ] 0u 0UL; info b "b" [ 4UL ] 0u 32UL) 128)
            Expect.stringContains e.Message "\"a\"" "names the other tensor" }
        test "a file that ends inside the padding before the data section: padding, at the end of the tensor infos" {
            let bytes = withTensors 1UL (fun b -> info b "t" [ 0UL ] 0u 0UL) 0
            rejects "padding" 57L bytes.[.. 56 + 3] |> ignore }
        test "a dimension of 0 (ggml allows it): zero elements, zero bytes, an empty span" {
            use f = parse (withTensors 1UL (fun b -> info b "t" [ 0UL; 3UL ] 0u 0UL) 0)
            let t = f.GetTensor "t"
            Expect.equal (t.ElementCount, t.ByteSize, (f.GetSpan<float32> t).Length) (0L, Nullable 0L, 0) "empty" }
        test "an unknown type id 99 is listed without a size; a known unsupported one (Q4_K) has its size; neither reads as a span" {
            use f = parse (withTensors 2UL (fun b -> info b "u" [ 8UL ] 99u 0UL; info b "k" [ 256UL; 2UL ] 12u 0UL) 288)
            let u, k = f.GetTensor "u", f.GetTensor "k"
            Expect.equal (int u.Type, u.IsKnownType, u.ByteSize, u.IsSupported) (99, false, Nullable(), false) "unknown id"
            Expect.equal (k.Type, k.ByteSize, k.IsSupported, (f.GetBytes k).Length) (GgufTensorType.Q4_K, Nullable 288L, false, 288) "Q4_K"
            Expect.throwsT<InvalidOperationException> (fun () -> f.GetBytes(u).Length |> ignore) "no bytes for an unknown layout"
            let e = Expect.throwsC (fun () -> f.GetSpan<BlockQ4_0>(k).Length |> ignore) id
            Expect.isTrue (e :? InvalidOperationException && e.Message.Contains "\"k\"" && e.Message.Contains "Q4_K") $"names the tensor and type: {e.Message}" }
        test "a span of the wrong type names the tensor and its type" {
            let bytes = GgufWriter().AddTensor("blk.0.w", ReadOnlySpan [| 32L |], ReadOnlySpan(Array.zeroCreate<BlockQ4_0> 1)).ToArray()
            use f = parse bytes
            let e = Expect.throwsC (fun () -> f.GetSpan<float32>("blk.0.w").Length |> ignore) id
            Expect.isTrue (e :? InvalidOperationException && e.Message.Contains "\"blk.0.w\"" && e.Message.Contains "Q4_0" && e.Message.Contains "BlockQ4_0") $"{e.Message}" }
        test "GgufWriter refuses what the reader would reject: duplicate keys and names, a bad alignment, a wrong data length, a partial block" {
            let w = GgufWriter().Add("a", GgufValue.FromUInt8 1uy)
            Expect.throwsT<ArgumentException> (fun () -> w.Add("a", GgufValue.FromUInt8 2uy) |> ignore) "duplicate key"
            Expect.throwsT<ArgumentException> (fun () -> w.Add("general.alignment", GgufValue.FromUInt32 48u) |> ignore) "alignment 48"
            Expect.throwsT<ArgumentException> (fun () -> w.AddTensor("t", ReadOnlySpan [| 4L |], ReadOnlySpan [| 1.0f |]) |> ignore) "4 elements, 1 value"
            Expect.throwsT<ArgumentException> (fun () -> w.AddTensor("q", GgufTensorType.Q4_0, ReadOnlySpan [| 16L |], ReadOnlySpan(Array.zeroCreate<byte> 9)) |> ignore) "half a block"
            w.AddTensor("t", ReadOnlySpan [| 1L |], ReadOnlySpan [| 1.0f |]) |> ignore
            Expect.throwsT<ArgumentException> (fun () -> w.AddTensor("t", ReadOnlySpan [| 1L |], ReadOnlySpan [| 1.0f |]) |> ignore) "duplicate name" }
    ]

let tests = testList "gguf" [ roundTrip; goldenTests; corruption; targeted ]
