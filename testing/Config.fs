namespace TensorGen.Testing

open FsCheck
open TensorGen

/// <summary>
/// What to check and on which values (F#; C# uses <c>SemiringVerifierOptions</c>). Start from
/// <c>SemiringConfig.defaults</c> and change what your declaration needs:
/// <code>{ SemiringConfig.defaults with Range = Some (0f, infinityf) }</code>
/// </summary>
/// <remarks>
/// <para>Values. Laws are checked on <c>Values</c>; kernels on <c>KernelValues</c> (default: <c>Values</c>, or
/// when neither is set, the law values plus full-mantissa values and subnormals); Closure on
/// <c>ClosureValues</c>. Without <c>Values</c>, values are drawn from <c>Range</c> (default: the whole type;
/// for float and double the finite values, since infinities other than your Zero and One, and NaN, make
/// most declarations fail annihilation) with ties, both zeros, the ends of the range and your Zero and One
/// over-represented. Integer semirings whose sums overflow at the extremes hold their laws only on a range:
/// say which (e.g. <c>Range = Some (-(1 &lt;&lt;&lt; 29), 1 &lt;&lt;&lt; 29)</c>).</para>
/// <para>Closure needs matrices in which no cycle improves on One (min-plus: no negative cycle). By default
/// its inputs are the law values, rounded to integers for float and double (so that every association order is
/// exact) and reduced below 2^20 for integers (so that no path sum wraps), with every value x that would improve
/// on One (x ⊕ One ≠ One) replaced by Zero (no edge).</para>
/// <para>Replay. Every check draws from a seed derived from <c>Seed</c> and the check's name; a failure
/// prints the seed, and the same seed with the same options draws, fails and shrinks the same way.</para>
/// </remarks>
type SemiringConfig<'T> =
    { /// Values for the laws (and kernels, unless KernelValues is set). None: drawn from Range.
      Values: Arbitrary<'T> option
      /// Values for kernel inputs. None: Values, or the default kernel values of Range.
      KernelValues: Arbitrary<'T> option
      /// Values for Closure's input matrix. None: see the remarks.
      ClosureValues: Arbitrary<'T> option
      /// The interval the default values are drawn from, ends included (infinite ends are drawn too).
      Range: ('T * 'T) option
      /// Extra values mixed into kernel inputs only (e.g. nan for a semiring built on Math.Max).
      Specials: 'T list
      /// The exactness class of laws and kernels.
      Tolerance: Tolerance
      /// Draws per law.
      LawTests: int
      /// Draws per kernel and path (half that on paths that run in software on this machine).
      KernelTests: int
      /// The largest m, n or k drawn (k also crosses the cache-block depth now and then).
      MaxDimension: int
      /// The vector paths to run every kernel on.
      Paths: VectorPath list
      /// The master seed; None draws one, which failures print.
      Seed: uint64 option
      /// Runs only the checks whose name contains this text (as printed in a failure).
      Only: string option }

/// Defaults for <see cref="SemiringConfig{T}"/>.
module SemiringConfig =
    /// Default values for the element type, exact comparison, 300 draws per law, 25 per kernel and path,
    /// dimensions up to 65, every vector path, a fresh seed.
    let defaults<'T> : SemiringConfig<'T> =
        { Values = None
          KernelValues = None
          ClosureValues = None
          Range = None
          Specials = []
          Tolerance = Tolerance.Exact
          LawTests = 300
          KernelTests = 25
          MaxDimension = 65
          Paths = List.ofSeq KernelDispatch.All
          Seed = None
          Only = None }
