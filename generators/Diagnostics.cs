using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TensorGen.Generators;

/// <summary>Every diagnostic the TensorGen generators report, with stable ids.</summary>
internal static class Diagnostics
{
    private const string Category = "TensorGen";

    /// <summary>TGEN0001: an expression or statement in Add or Multiply that the generator cannot lower to vector code.</summary>
    public static readonly DiagnosticDescriptor CannotLower = new(
        "TGEN0001",
        "Semiring member cannot be vectorized",
        "'{0}' cannot be vectorized in member '{1}' of semiring '{2}': {3}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Add and Multiply must be one expression over the parameters, literals, constants, arithmetic, comparisons, ?:, bitwise and logical operators, Math/MathF Min/Max and the SemiringMath helpers.");

    /// <summary>TGEN0002: Zero, One, Add or Multiply is missing or has the wrong shape.</summary>
    public static readonly DiagnosticDescriptor MissingMember = new(
        "TGEN0002",
        "Semiring member missing",
        "Semiring '{0}' must declare {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0003: the attribute is on something other than a partial struct (or a containing type is not partial).</summary>
    public static readonly DiagnosticDescriptor NotPartialStruct = new(
        "TGEN0003",
        "Semiring must be a partial struct",
        "'{0}' must be a partial struct to carry generated kernels: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0004: the element type is not one the kernels support.</summary>
    public static readonly DiagnosticDescriptor UnsupportedElementType = new(
        "TGEN0004",
        "Unsupported semiring element type",
        "Semiring '{0}' has element type '{1}'; supported element types are float, double, int, long and bool",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0005: the struct does not implement ISemiring&lt;TSelf, T&gt; with itself as TSelf.</summary>
    public static readonly DiagnosticDescriptor MissingInterface = new(
        "TGEN0005",
        "Semiring must implement ISemiring<TSelf, T>",
        "'{0}' must implement TensorGen.ISemiring<{0}, T> to be a [Semiring]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0006: generic semiring structs are not supported.</summary>
    public static readonly DiagnosticDescriptor GenericSemiring = new(
        "TGEN0006",
        "Generic semiring types are not supported",
        "Semiring '{0}' is generic; declare one non-generic struct per element type",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0007: an AdditionalFiles tuning profile that cannot be read or is not a profile this generator bakes.</summary>
    public static readonly DiagnosticDescriptor UnusableProfile = new(
        "TGEN0007",
        "Tuning profile not usable for baking",
        "'{0}' is not a usable TensorGen tuning profile: {1}; kernels keep run-time dispatch",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "Baking reads an AdditionalFiles item named tensorgen-profile.json or *.tensorgen-profile.json, as written by 'bench -- tune' (format tensorgen-tuning-profile, version 1).");

    /// <summary>TGEN0008: more than one tuning profile among the AdditionalFiles.</summary>
    public static readonly DiagnosticDescriptor SeveralProfiles = new(
        "TGEN0008",
        "More than one tuning profile",
        "{0} TensorGen tuning profiles are AdditionalFiles ({1}); a build bakes at most one, so none is used and kernels keep run-time dispatch",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    /// <summary>TGEN0009: the profile has no entry a semiring's GEMM can be baked from.</summary>
    public static readonly DiagnosticDescriptor NoProfileEntry = new(
        "TGEN0009",
        "Tuning profile has no entry for a semiring",
        "Tuning profile '{0}' has no entry for semiring '{1}' ({2}); its kernels keep run-time dispatch",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true);

    /// <summary>TGEN0010: a method-family attribute on a local function, lambda, accessor, operator or constructor, where no generated body can go.</summary>
    public static readonly DiagnosticDescriptor UnsupportedTarget = new(
        "TGEN0010",
        "TensorGen attribute on something that cannot receive generated code",
        "[{0}] is on {1}; it applies only to a static partial method declared in a partial type, so nothing is generated",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0011: attributes of two TensorGen families on one declaration.</summary>
    public static readonly DiagnosticDescriptor ConflictingFamilies = new(
        "TGEN0011",
        "Two TensorGen attributes on one declaration",
        "'{0}' carries both [{1}] and [{2}]; a declaration takes generated code from one TensorGen family, so nothing is generated for it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0012: a generated member would collide with the declaration's own name or with a member the user wrote.</summary>
    public static readonly DiagnosticDescriptor NameCollision = new(
        "TGEN0012",
        "Generated member name collides with a declared one",
        "'{0}': the generated member '{1}' would collide with {2}; rename one of them",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0013: a size, degree, count or expression past what the generator supports (checked, never wrapped).</summary>
    public static readonly DiagnosticDescriptor TooLarge = new(
        "TGEN0013",
        "Declaration exceeds a generator limit",
        "'{0}': {1} is {2}, past the supported limit of {3}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Limits keep generation within seconds and the generated code within what compiles quickly: expression depth and size in Add and Multiply, degrees and multiplicities of irreps, weight and coefficient counts.");

    /// <summary>TGEN0100: [CompressedMatVec] is on a method that is not a static, non-generic, body-less partial void method in partial types.</summary>
    public static readonly DiagnosticDescriptor NotStaticPartialMethod = new(
        "TGEN0100",
        "CompressedMatVec method must be static partial void",
        "'{0}' must be a static partial void method without a body, in partial non-generic types, to receive a generated kernel: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0101: the parameters do not match the storage format.</summary>
    public static readonly DiagnosticDescriptor WrongMatVecSignature = new(
        "TGEN0101",
        "CompressedMatVec signature does not match the storage format",
        "'{0}' stores weights as {1} and must take ({2}); it takes {3}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0102: the storage format is not one the kernels support.</summary>
    public static readonly DiagnosticDescriptor UnsupportedStorageFormat = new(
        "TGEN0102",
        "Unsupported storage format",
        "'{0}' asks for storage format {1}; supported formats are BFloat16, Half, Posit8, Posit16, Posit16Es2, Int8 and Q4_0",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0103: the accumulation format is not supported for the storage format.</summary>
    public static readonly DiagnosticDescriptor UnsupportedAccumulation = new(
        "TGEN0103",
        "Unsupported accumulation format",
        "'{0}' asks for {1} accumulation; {2} kernels accumulate in Single (int32 for Int8)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0104: [CompressedMatMul] is on a method that is not a static, non-generic, body-less partial void method in partial types.</summary>
    public static readonly DiagnosticDescriptor MatMulNotStaticPartialMethod = new(
        "TGEN0104",
        "CompressedMatMul method must be static partial void",
        "'{0}' must be a static partial void method without a body, in partial non-generic types, to receive a generated kernel: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0105: the parameters of a [CompressedMatMul] method do not match the storage format.</summary>
    public static readonly DiagnosticDescriptor WrongMatMulSignature = new(
        "TGEN0105",
        "CompressedMatMul signature does not match the storage format",
        "'{0}' stores weights as {1} and must take ({2}); it takes {3}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0320: a tensor order of a [PermutationEquivariant] layer is negative.</summary>
    public static readonly DiagnosticDescriptor NegativeTensorOrder = new(
        "TGEN0320",
        "Tensor order must be non-negative",
        "'{0}' declares input order k = {1} and output order l = {2}; tensor orders must be non-negative",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0321: k + l exceeds what the permutation generator supports.</summary>
    public static readonly DiagnosticDescriptor TensorOrderTooHigh = new(
        "TGEN0321",
        "Tensor orders too high",
        "'{0}' declares k + l = {1}; permutation-equivariant layers support k + l <= 4 (at most Bell(4) = 15 basis maps)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The number of basis maps is the Bell number of k + l (52 for 5, 203 for 6); the generator stops at 4.");

    /// <summary>TGEN0322: a channel count is not positive, or the weights would not fit in a span.</summary>
    public static readonly DiagnosticDescriptor BadChannelCount = new(
        "TGEN0322",
        "Invalid channel counts",
        "'{0}' declares InChannels = {1} and OutChannels = {2}; both must be at least 1 and OutChannels x InChannels x {3} weights must fit in an int",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0323: [PermutationEquivariant] is on a method that is not a static, non-generic, body-less partial void method in partial types.</summary>
    public static readonly DiagnosticDescriptor PermutationNotStaticPartialMethod = new(
        "TGEN0323",
        "PermutationEquivariant method must be static partial void",
        "'{0}' must be a static partial void method without a body, in partial non-generic types, to receive a generated layer: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0324: the parameters are not (ReadOnlySpan&lt;float&gt;, ReadOnlySpan&lt;float&gt;, Span&lt;float&gt;, int).</summary>
    public static readonly DiagnosticDescriptor WrongPermutationSignature = new(
        "TGEN0324",
        "PermutationEquivariant signature is wrong",
        "'{0}' must take (System.ReadOnlySpan<float> input, System.ReadOnlySpan<float> weights, System.Span<float> output, int n); it takes {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0200: an irreps string in an equivariant attribute does not parse.</summary>
    public static readonly DiagnosticDescriptor UnparseableIrreps = new(
        "TGEN0200",
        "Irreps do not parse",
        "'{0}': the {1} irreps \"{2}\" do not parse {3}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Irreps are written as e3nn writes them: terms such as 16x0e, 8x1o or 2y joined by '+', the multiplicity optional.");

    /// <summary>TGEN0201: an instruction's degrees violate the triangle rule or its parities do not multiply to the output's.</summary>
    public static readonly DiagnosticDescriptor SelectionRule = new(
        "TGEN0201",
        "Instruction violates the selection rules",
        "'{0}': instruction {1} couples {2} ⊗ {3} to {4}, which {5}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0202: lmax of [SphericalHarmonics] is out of range.</summary>
    public static readonly DiagnosticDescriptor BadLMax = new(
        "TGEN0202",
        "Unsupported lmax",
        "'{0}' asks for spherical harmonics up to l = {1}; supported degrees are 0 to 8",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0203: an equivariant method is not a static partial void method without a body in partial, non-generic types.</summary>
    public static readonly DiagnosticDescriptor EquivariantNotStaticPartial = new(
        "TGEN0203",
        "Equivariant method must be static partial void",
        "'{0}' must be a static partial void method without a body, in partial non-generic types, to receive a generated kernel: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0204: the parameters do not match what the declaration needs.</summary>
    public static readonly DiagnosticDescriptor WrongEquivariantSignature = new(
        "TGEN0204",
        "Equivariant method signature does not match the declaration",
        "'{0}' must take ({1}) with T float or double; it takes {2}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0205: the instruction list does not parse, or an instruction is out of range or its multiplicities do not fit its mode.</summary>
    public static readonly DiagnosticDescriptor BadInstruction = new(
        "TGEN0205",
        "Invalid tensor product instruction",
        "'{0}': {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0206: a shorthand's irreps do not fit it (a derived output that differs, element-wise inputs of different sizes, an empty product).</summary>
    public static readonly DiagnosticDescriptor ShorthandMismatch = new(
        "TGEN0206",
        "Tensor product shorthand does not fit its irreps",
        "'{0}': {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0207: an enum argument (normalization, kind) is not a defined value.</summary>
    public static readonly DiagnosticDescriptor UndefinedEquivariantOption = new(
        "TGEN0207",
        "Undefined equivariant option",
        "'{0}': {1} = {2} is not a defined value",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0300: [Multivector] is on something other than a partial, non-readonly, non-generic struct.</summary>
    public static readonly DiagnosticDescriptor MultivectorNotPartialStruct = new(
        "TGEN0300",
        "Multivector must be a partial struct",
        "'{0}' must be a partial, non-readonly, non-generic struct to carry generated multivector components: {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0301: the signature Cl(p, q, r) has a negative count or more than six basis vectors.</summary>
    public static readonly DiagnosticDescriptor UnsupportedSignature = new(
        "TGEN0301",
        "Unsupported Clifford signature",
        "'{0}' declares {1}; p, q and r must be non-negative with 1 ≤ p + q + r ≤ 6 (at most 64 blades)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0302: the Grades list is empty, has a grade outside 0…p+q+r, or repeats one.</summary>
    public static readonly DiagnosticDescriptor BadGrades = new(
        "TGEN0302",
        "Invalid multivector grades",
        "'{0}' declares grades of {1} that cannot be used: {2}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0303: the struct declares instance fields of its own, which would break the blade layout.</summary>
    public static readonly DiagnosticDescriptor MultivectorHasFields = new(
        "TGEN0303",
        "Multivector declares its own fields",
        "'{0}' declares instance field '{1}'; a [Multivector] struct holds only its generated blade components",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    /// <summary>TGEN0099: the generator met something it did not expect; it reports instead of crashing.</summary>
    public static readonly DiagnosticDescriptor InternalError = new(
        "TGEN0099",
        "TensorGen generator internal error",
        "The TensorGen generator could not process '{0}': {1}. Please report this with the declaration.",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new[]
    {
        CannotLower, MissingMember, NotPartialStruct, UnsupportedElementType, MissingInterface, GenericSemiring, InternalError,
        UnsupportedTarget, ConflictingFamilies, NameCollision, TooLarge,
        UnusableProfile, SeveralProfiles, NoProfileEntry,
        NotStaticPartialMethod, WrongMatVecSignature, UnsupportedStorageFormat, UnsupportedAccumulation,
        MatMulNotStaticPartialMethod, WrongMatMulSignature,
        NegativeTensorOrder, TensorOrderTooHigh, BadChannelCount, PermutationNotStaticPartialMethod, WrongPermutationSignature,
        UnparseableIrreps, SelectionRule, BadLMax, EquivariantNotStaticPartial, WrongEquivariantSignature, BadInstruction,
        ShorthandMismatch, UndefinedEquivariantOption,
        MultivectorNotPartialStruct, UnsupportedSignature, BadGrades, MultivectorHasFields,
    }.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];
}
