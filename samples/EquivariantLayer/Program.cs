// One E(3)-equivariant message-passing layer over a small molecule, with generated kernels:
//   edges within a cutoff → spherical harmonics of the edge vectors → (sender scalars ⊗ harmonics), scaled by a
//   smooth radial function of the edge length, summed at the receiver → an invariant read-out per atom.
// Rotating or reflecting the input coordinates must leave the printed invariants unchanged beyond rounding;
// `--check-rotations` applies random O(3) elements (inversions included) and fails if they do not.
using System.Globalization;
using EquivariantLayer;

string path = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal))
    ?? Path.Combine(AppContext.BaseDirectory, "data", "ethanol.xyz");
bool check = args.Contains("--check-rotations");
const float cutoff = 2.0f;

Molecule molecule = Molecule.Read(path);
float[] invariants = Layer.Run(molecule.Elements, molecule.Positions, cutoff);
Console.WriteLine($"{molecule.Title}: {molecule.Elements.Length} atoms, {Layer.EdgeCount(molecule.Positions, cutoff)} edges within {cutoff} Å");
int perAtom = Kernels.ReadoutOutputDim;
Console.WriteLine($"atom  invariants ({Kernels.ReadoutOutputIrreps})");
for (int a = 0; a < molecule.Elements.Length; a++)
{
    string values = string.Join("  ", Enumerable.Range(0, perAtom).Select(k => invariants[a * perAtom + k].ToString("+0.000000;-0.000000", CultureInfo.InvariantCulture)));
    Console.WriteLine($"{a,2} {molecule.Elements[a],-2} {values}");
}

Console.WriteLine($"total {invariants.Sum().ToString("F6", CultureInfo.InvariantCulture)}");
if (!check) return 0;

var rng = new Random(2024);
double worst = 0, scale = invariants.Max(v => Math.Abs(v));
for (int trial = 0; trial < 8; trial++)
{
    float[,] r = Rotation.Random(rng, invert: trial % 2 == 1);
    float[] moved = Layer.Run(molecule.Elements, Rotation.Apply(r, molecule.Positions), cutoff);
    worst = Math.Max(worst, invariants.Zip(moved, (a, b) => Math.Abs(a - b)).Max());
}

bool invariant = worst <= 1e-5 * scale;
Console.WriteLine($"rotations and reflections: max |Δ| = {worst:G3} over 8 random O(3) elements ({(invariant ? "invariant" : "NOT INVARIANT")})");
return invariant ? 0 : 1;
