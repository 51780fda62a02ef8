/// Every semiring under test, built-in or declared in the fixtures, paired with its oracle, the values to
/// draw, and the exactness class of its kernels and of its laws.
module TensorGen.Properties.Cases

open System
open FsCheck
open FsCheck.FSharp
open TensorGen.Algebra
open TensorGen.Semirings
open TensorGen.Properties.Fixtures
open TensorGen.Properties.Generators
open TensorGen.Properties.Exactness

type Case<'T> =
    { /// The generated kernels and the declared scalar members.
      Kernels: IKernels<'T>
      /// The independent reference.
      Oracle: Semiring<'T>
      /// Kernel inputs.
      Values: Gen<'T>
      /// Closure inputs (no cycle improves on One, every association order exact); None when Add is not idempotent.
      ClosureValues: Gen<'T> option
      /// How kernel outputs are compared with the oracle.
      Exactness: Exactness<'T>
      /// The domain on which the laws are checked, and how.
      LawValues: Gen<'T>
      LawClass: string
      LawEqual: 'T -> 'T -> bool }

/// A function over cases of any element type (F# has no first-class polymorphism, so: an interface).
type ICaseFunc<'R> =
    abstract Invoke<'T when 'T: equality> : Case<'T> -> 'R

/// A case whose element type is hidden.
type AnyCase =
    abstract Name: string
    abstract Apply<'R> : ICaseFunc<'R> -> 'R

let pack (case: Case<'T>) : AnyCase =
    { new AnyCase with
        member _.Name = case.Kernels.Name
        member _.Apply f = f.Invoke case }

let private sameNumber (x: float) (y: float) = x = y || (Double.IsNaN x && Double.IsNaN y)
let private sameNumber32 (x: float32) (y: float32) = x = y || (Single.IsNaN x && Single.IsNaN y)
let private lawClassZeroSign = "exact (+0 = -0)"

let private singleCase (kernels: IKernels<float32>) oracle (values: Gen<float>) closure exactness (lawValues: Gen<float>) lawClass lawEqual =
    { Kernels = kernels; Oracle = oracle; Values = values |> Gen.map float32
      ClosureValues = closure |> Option.map (Gen.map float32); Exactness = exactness
      LawValues = lawValues |> Gen.map float32; LawClass = lawClass; LawEqual = lawEqual }

let private doubleCase (kernels: IKernels<float>) oracle values closure exactness lawValues lawClass lawEqual =
    { Kernels = kernels; Oracle = oracle; Values = values; ClosureValues = closure; Exactness = exactness
      LawValues = lawValues; LawClass = lawClass; LawEqual = lawEqual }

/// Max-plus law domain: dyadic values, both zeros and -inf (exact sums).
let private maxPlusLawValues = Gen.frequency [ 8, exactArithmeticValues; 1, Gen.constant -infinity ]
let private minPlusLawValues = maxPlusLawValues |> Gen.map (fun x -> -x)
let private nonNegativeLawValues = Gen.frequency [ 8, dyadic 0 16; 1, Gen.constant 0.0 ]

let private logSumExpLaw (u: float) (toFloat: 'T -> float) (x: 'T) (y: 'T) =
    let a, b = toFloat x, toFloat y
    a = b || abs (a - b) <= 16.0 * u * (128.0 + abs a + abs b)

let private u32, u64 = Math.Pow(2.0, -24.0), Math.Pow(2.0, -53.0)
let private lawLse = "within 16u(128+|l|+|r|) on |x| <= 40"

let floatCases : AnyCase list =
    let exactZero = exactUpToZeroSignSingle
    [ singleCase (Kernels<PlusTimesSingle, float32>.Instance) Semirings.plusTimesSingle plusTimesValues None
             (plusTimesBound u32 (float Single.Epsilon) float) exactArithmeticValues "exact on small dyadic values (+0 = -0)" sameNumber32
      singleCase (Kernels<MaxPlusSingle, float32>.Instance) Semirings.maxPlusSingle maxPlusValues (Some maxPlusClosureValues) exactZero maxPlusLawValues lawClassZeroSign sameNumber32
      singleCase (Kernels<MinPlusSingle, float32>.Instance) Semirings.minPlusSingle minPlusValues (Some minPlusClosureValues) exactZero minPlusLawValues lawClassZeroSign sameNumber32
      singleCase (Kernels<MaxTimesSingle, float32>.Instance) Semirings.maxTimesSingle maxTimesValues (Some maxTimesClosureValues) exactZero nonNegativeLawValues lawClassZeroSign sameNumber32
      singleCase (Kernels<MaxMinSingle, float32>.Instance) Semirings.maxMinSingle bottleneckValues (Some bottleneckValues) exactZero bottleneckValues lawClassZeroSign sameNumber32
      singleCase (Kernels<MinMaxSingle, float32>.Instance) Semirings.minMaxSingle bottleneckValues (Some bottleneckValues) exactZero bottleneckValues lawClassZeroSign sameNumber32
      singleCase (Kernels<LogSumExpSingle, float32>.Instance) Semirings.logSumExpSingle logSumExpValues None (logSumExpBound u32 float) logSumExpValues lawLse (logSumExpLaw u32 float) ]
    |> List.map pack

let doubleCases : AnyCase list =
    let exactZero = exactUpToZeroSignDouble
    [ doubleCase (Kernels<PlusTimesDouble, float>.Instance) Semirings.plusTimesDouble plusTimesValues None
             (plusTimesBound u64 Double.Epsilon id) exactArithmeticValues "exact on small dyadic values (+0 = -0)" sameNumber
      doubleCase (Kernels<MaxPlusDouble, float>.Instance) Semirings.maxPlusDouble maxPlusValues (Some maxPlusClosureValues) exactZero maxPlusLawValues lawClassZeroSign sameNumber
      doubleCase (Kernels<MinPlusDouble, float>.Instance) Semirings.minPlusDouble minPlusValues (Some minPlusClosureValues) exactZero minPlusLawValues lawClassZeroSign sameNumber
      doubleCase (Kernels<MaxTimesDouble, float>.Instance) Semirings.maxTimesDouble maxTimesValues (Some maxTimesClosureValues) exactZero nonNegativeLawValues lawClassZeroSign sameNumber
      doubleCase (Kernels<MaxMinDouble, float>.Instance) Semirings.maxMinDouble bottleneckValues (Some bottleneckValues) exactZero bottleneckValues lawClassZeroSign sameNumber
      doubleCase (Kernels<MinMaxDouble, float>.Instance) Semirings.minMaxDouble bottleneckValues (Some bottleneckValues) exactZero bottleneckValues lawClassZeroSign sameNumber
      doubleCase (Kernels<LogSumExpDouble, float>.Instance) Semirings.logSumExpDouble logSumExpValues None (logSumExpBound u64 id) logSumExpValues lawLse (logSumExpLaw u64 id)
      // Math.Max / Math.Min: IEEE maximum / minimum, so NaN and signed zeros are defined and compared bit-exactly.
      doubleCase (Kernels<UserMaxMinDouble, float>.Instance) Semirings.maxMinIeeeDouble ieeeBottleneckValues (Some bottleneckValues)
             bitExactDouble bottleneckValues "bit-exact (without NaN: min(-inf, NaN) is NaN, not -inf)"
             (fun x y -> BitConverter.DoubleToInt64Bits x = BitConverter.DoubleToInt64Bits y) ]
    |> List.map pack

/// Integer tropical law domain: sums of three never wrap, plus the infinity sentinel.
let private tropical32 sentinel = Gen.frequency [ 8, Gen.choose (-(1 <<< 29), 1 <<< 29); 1, Gen.constant sentinel ]
let private tropical64 sentinel =
    Gen.frequency [ 8, Gen.map2 (fun (a: int) (b: int) -> (int64 a <<< 31) + int64 b) (Gen.choose (-(1 <<< 29), 1 <<< 29)) (Gen.choose (0, Int32.MaxValue))
                    1, Gen.constant sentinel ]

let private integer (kernels: IKernels<'T>) oracle values closure lawValues lawClass : Case<'T> =
    { Kernels = kernels; Oracle = oracle; Values = values; ClosureValues = closure; Exactness = bitExact
      LawValues = lawValues; LawClass = lawClass; LawEqual = (=) }

let integerCases : AnyCase list =
    let ring = "bit-exact (wrapping ring)"
    let guarded = "bit-exact on |x| <= 2^29 (2^60 for long) and the infinity"
    [ integer (Kernels<PlusTimesInt32, int>.Instance) Semirings.plusTimesInt32 int32Values None int32Values ring |> pack
      integer (Kernels<MaxPlusInt32, int>.Instance) Semirings.maxPlusInt32 (withSentinel Int32.MinValue int32Values)
              (Some(withSentinel Int32.MinValue (Gen.choose (-20, 0)))) (tropical32 Int32.MinValue) guarded |> pack
      integer (Kernels<MinPlusInt32, int>.Instance) Semirings.minPlusInt32 (withSentinel Int32.MaxValue int32Values)
              (Some(withSentinel Int32.MaxValue (Gen.choose (0, 20)))) (tropical32 Int32.MaxValue) guarded |> pack
      integer (Kernels<UserMinPlusInt32, int>.Instance) Semirings.minPlusInt32 (withSentinel Int32.MaxValue int32Values)
              (Some(withSentinel Int32.MaxValue (Gen.choose (0, 20)))) (tropical32 Int32.MaxValue) guarded |> pack
      integer (Kernels<PlusTimesInt64, int64>.Instance) Semirings.plusTimesInt64 int64Values None int64Values ring |> pack
      integer (Kernels<Counting, int64>.Instance) Semirings.counting int64Values None int64Values ring |> pack
      integer (Kernels<UserPlusTimesInt64, int64>.Instance) Semirings.plusTimesInt64 int64Values None int64Values ring |> pack
      integer (Kernels<MaxPlusInt64, int64>.Instance) Semirings.maxPlusInt64 (withSentinel Int64.MinValue int64Values)
              (Some(withSentinel Int64.MinValue (Gen.choose (-20, 0) |> Gen.map int64))) (tropical64 Int64.MinValue) guarded |> pack
      integer (Kernels<MinPlusInt64, int64>.Instance) Semirings.minPlusInt64 (withSentinel Int64.MaxValue int64Values)
              (Some(withSentinel Int64.MaxValue (Gen.choose (0, 20) |> Gen.map int64))) (tropical64 Int64.MaxValue) guarded |> pack
      integer (Kernels<OrAnd, bool>.Instance) Semirings.orAnd booleans (Some booleans) booleans "bit-exact (all of bool)" |> pack
      integer (Kernels<UserOrAnd, bool>.Instance) Semirings.orAnd booleans (Some booleans) booleans "bit-exact (all of bool)" |> pack ]

/// Every semiring under test.
let all : AnyCase list = floatCases @ doubleCases @ integerCases
