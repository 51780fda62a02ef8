using System;
using System.Collections.Generic;
using System.Linq;
using TensorGen.Equivariant;

namespace TensorGen.Bench.Report;

/// <summary>
/// The Gaunt rows of the per-machine report, f32, one thread, e3nn's sample-major layout:
/// <c>equivariant.gaunt.l{L}.b10000.t1</c> for L = 2, 4, 6, 8, the Gaunt product of degrees ≤ L with itself onto degrees
/// ≤ L ('integral') by <see cref="GauntTensorProduct"/> (spherical grid, three GEMMs). Peers in the same run: the same
/// function as a generated sparse Clebsch–Gordan product (every parity-even path l1, l2 → l3 ≤ L, mode uvu, no
/// normalization, path weight c_path² = (2l1+1)(2l2+1)(2l3+1)/4π · (l1 l2 l3; 0 0 0)², so that its output equals the
/// Gaunt product), and for L = 2, 4 e3nn's full CG product of the same inputs (every path, outputs to 2L: more
/// work, shown for scale). Ops count 2 per nonzero Gaunt coefficient per sample for every entry, so the ratio is the
/// time ratio. Before timing the Gaunt output is checked against the CG-route output; a failed check throws.
/// </summary>
internal static partial class GauntCases
{
    [TensorProduct("1x0e + 1x1o + 1x2e", "1x0e + 1x1o + 1x2e", "1x0e + 1x1o + 1x2e", IrrepNormalization = IrrepNormalization.None, PathNormalization = PathNormalization.None,
        Instructions =
            "(0, 0, 0, 'uvu', False, 0.07957747154594767), (0, 1, 1, 'uvu', False, 0.238732414637843), (0, 2, 2, 'uvu', False, 0.3978873577297384), "
            + "(1, 0, 1, 'uvu', False, 0.238732414637843), (1, 1, 0, 'uvu', False, 0.238732414637843), (1, 1, 2, 'uvu', False, 0.477464829275686), (1, 2, 1, 'uvu', False, 0.477464829275686), "
            + "(2, 0, 2, 'uvu', False, 0.3978873577297384), (2, 1, 1, 'uvu', False, 0.477464829275686), (2, 2, 0, 'uvu', False, 0.3978873577297384), (2, 2, 2, 'uvu', False, 0.5684105110424834)")]
    private static partial void GauntByCg2(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    [TensorProduct("1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e", IrrepNormalization = IrrepNormalization.None, PathNormalization = PathNormalization.None,
        Instructions =
            "(0, 0, 0, 'uvu', False, 0.07957747154594767), (0, 1, 1, 'uvu', False, 0.238732414637843), (0, 2, 2, 'uvu', False, 0.3978873577297384), (0, 3, 3, 'uvu', False, 0.5570423008216336), (0, 4, 4, 'uvu', False, 0.716197243913529), "
            + "(1, 0, 1, 'uvu', False, 0.238732414637843), (1, 1, 0, 'uvu', False, 0.238732414637843), (1, 1, 2, 'uvu', False, 0.477464829275686), (1, 2, 1, 'uvu', False, 0.477464829275686), (1, 2, 3, 'uvu', False, 0.716197243913529), (1, 3, 2, 'uvu', False, 0.716197243913529), (1, 3, 4, 'uvu', False, 0.954929658551372), (1, 4, 3, 'uvu', False, 0.954929658551372), "
            + "(2, 0, 2, 'uvu', False, 0.3978873577297384), (2, 1, 1, 'uvu', False, 0.477464829275686), (2, 1, 3, 'uvu', False, 0.716197243913529), (2, 2, 0, 'uvu', False, 0.3978873577297384), (2, 2, 2, 'uvu', False, 0.5684105110424834), (2, 2, 4, 'uvu', False, 1.02313891987647), (2, 3, 1, 'uvu', False, 0.716197243913529), (2, 3, 3, 'uvu', False, 0.7427230677621783), (2, 4, 2, 'uvu', False, 1.02313891987647), (2, 4, 4, 'uvu', False, 0.9301262907967911), "
            + "(3, 0, 3, 'uvu', False, 0.5570423008216336), (3, 1, 2, 'uvu', False, 0.716197243913529), (3, 1, 4, 'uvu', False, 0.954929658551372), (3, 2, 1, 'uvu', False, 0.716197243913529), (3, 2, 3, 'uvu', False, 0.7427230677621783), (3, 3, 0, 'uvu', False, 0.5570423008216336), (3, 3, 2, 'uvu', False, 0.7427230677621783), (3, 3, 4, 'uvu', False, 0.9115237649808553), (3, 4, 1, 'uvu', False, 0.954929658551372), (3, 4, 3, 'uvu', False, 0.9115237649808553), "
            + "(4, 0, 4, 'uvu', False, 0.716197243913529), (4, 1, 3, 'uvu', False, 0.954929658551372), (4, 2, 2, 'uvu', False, 1.02313891987647), (4, 2, 4, 'uvu', False, 0.9301262907967911), (4, 3, 1, 'uvu', False, 0.954929658551372), (4, 3, 3, 'uvu', False, 0.9115237649808553), (4, 4, 0, 'uvu', False, 0.716197243913529), (4, 4, 2, 'uvu', False, 0.9301262907967911), (4, 4, 4, 'uvu', False, 1.0431724092167087)")]
    private static partial void GauntByCg4(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    [TensorProduct("1x0e + 1x1o + 1x2e + 1x3o + 1x4e + 1x5o + 1x6e", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e + 1x5o + 1x6e", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e + 1x5o + 1x6e", IrrepNormalization = IrrepNormalization.None, PathNormalization = PathNormalization.None,
        Instructions =
            "(0, 0, 0, 'uvu', False, 0.07957747154594767), (0, 1, 1, 'uvu', False, 0.238732414637843), (0, 2, 2, 'uvu', False, 0.3978873577297384), (0, 3, 3, 'uvu', False, 0.5570423008216336), (0, 4, 4, 'uvu', False, 0.716197243913529), (0, 5, 5, 'uvu', False, 0.8753521870054245), (0, 6, 6, 'uvu', False, 1.0345071300973199), "
            + "(1, 0, 1, 'uvu', False, 0.238732414637843), (1, 1, 0, 'uvu', False, 0.238732414637843), (1, 1, 2, 'uvu', False, 0.477464829275686), (1, 2, 1, 'uvu', False, 0.477464829275686), (1, 2, 3, 'uvu', False, 0.716197243913529), (1, 3, 2, 'uvu', False, 0.716197243913529), (1, 3, 4, 'uvu', False, 0.954929658551372), (1, 4, 3, 'uvu', False, 0.954929658551372), (1, 4, 5, 'uvu', False, 1.1936620731892151), (1, 5, 4, 'uvu', False, 1.1936620731892151), (1, 5, 6, 'uvu', False, 1.4323944878270582), (1, 6, 5, 'uvu', False, 1.4323944878270582), "
            + "(2, 0, 2, 'uvu', False, 0.3978873577297384), (2, 1, 1, 'uvu', False, 0.477464829275686), (2, 1, 3, 'uvu', False, 0.716197243913529), (2, 2, 0, 'uvu', False, 0.3978873577297384), (2, 2, 2, 'uvu', False, 0.5684105110424834), (2, 2, 4, 'uvu', False, 1.02313891987647), (2, 3, 1, 'uvu', False, 0.716197243913529), (2, 3, 3, 'uvu', False, 0.7427230677621783), (2, 3, 5, 'uvu', False, 1.3262911924324612), (2, 4, 2, 'uvu', False, 1.02313891987647), (2, 4, 4, 'uvu', False, 0.9301262907967911), (2, 4, 6, 'uvu', False, 1.6277210088943843), (2, 5, 3, 'uvu', False, 1.3262911924324612), (2, 5, 5, 'uvu', False, 1.122246393596698), (2, 6, 4, 'uvu', False, 1.6277210088943843), (2, 6, 6, 'uvu', False, 1.3166454383056798), "
            + "(3, 0, 3, 'uvu', False, 0.5570423008216336), (3, 1, 2, 'uvu', False, 0.716197243913529), (3, 1, 4, 'uvu', False, 0.954929658551372), (3, 2, 1, 'uvu', False, 0.716197243913529), (3, 2, 3, 'uvu', False, 0.7427230677621783), (3, 2, 5, 'uvu', False, 1.3262911924324612), (3, 3, 0, 'uvu', False, 0.5570423008216336), (3, 3, 2, 'uvu', False, 0.7427230677621783), (3, 3, 4, 'uvu', False, 0.9115237649808553), (3, 3, 6, 'uvu', False, 1.6880069721867685), (3, 4, 1, 'uvu', False, 0.954929658551372), (3, 4, 3, 'uvu', False, 0.9115237649808553), (3, 4, 5, 'uvu', False, 1.1018419137131217), (3, 5, 2, 'uvu', False, 1.3262911924324612), (3, 5, 4, 'uvu', False, 1.1018419137131217), (3, 5, 6, 'uvu', False, 1.299765368583812), (3, 6, 3, 'uvu', False, 1.6880069721867685), (3, 6, 5, 'uvu', False, 1.299765368583812), "
            + "(4, 0, 4, 'uvu', False, 0.716197243913529), (4, 1, 3, 'uvu', False, 0.954929658551372), (4, 1, 5, 'uvu', False, 1.1936620731892151), (4, 2, 2, 'uvu', False, 1.02313891987647), (4, 2, 4, 'uvu', False, 0.9301262907967911), (4, 2, 6, 'uvu', False, 1.6277210088943843), (4, 3, 1, 'uvu', False, 0.954929658551372), (4, 3, 3, 'uvu', False, 0.9115237649808553), (4, 3, 5, 'uvu', False, 1.1018419137131217), (4, 4, 0, 'uvu', False, 0.716197243913529), (4, 4, 2, 'uvu', False, 0.9301262907967911), (4, 4, 4, 'uvu', False, 1.0431724092167087), (4, 4, 6, 'uvu', False, 1.3021768071155075), (4, 5, 1, 'uvu', False, 1.1936620731892151), (4, 5, 3, 'uvu', False, 1.1018419137131217), (4, 5, 5, 'uvu', False, 1.2120261050844339), (4, 6, 2, 'uvu', False, 1.6277210088943843), (4, 6, 4, 'uvu', False, 1.3021768071155075), (4, 6, 6, 'uvu', False, 1.3940951699707196), "
            + "(5, 0, 5, 'uvu', False, 0.8753521870054245), (5, 1, 4, 'uvu', False, 1.1936620731892151), (5, 1, 6, 'uvu', False, 1.4323944878270582), (5, 2, 3, 'uvu', False, 1.3262911924324612), (5, 2, 5, 'uvu', False, 1.122246393596698), (5, 3, 2, 'uvu', False, 1.3262911924324612), (5, 3, 4, 'uvu', False, 1.1018419137131217), (5, 3, 6, 'uvu', False, 1.299765368583812), (5, 4, 1, 'uvu', False, 1.1936620731892151), (5, 4, 3, 'uvu', False, 1.1018419137131217), (5, 4, 5, 'uvu', False, 1.2120261050844339), (5, 5, 0, 'uvu', False, 0.8753521870054245), (5, 5, 2, 'uvu', False, 1.122246393596698), (5, 5, 4, 'uvu', False, 1.2120261050844339), (5, 5, 6, 'uvu', False, 1.3731014698124304), (5, 6, 1, 'uvu', False, 1.4323944878270582), (5, 6, 3, 'uvu', False, 1.299765368583812), (5, 6, 5, 'uvu', False, 1.3731014698124304), "
            + "(6, 0, 6, 'uvu', False, 1.0345071300973199), (6, 1, 5, 'uvu', False, 1.4323944878270582), (6, 2, 4, 'uvu', False, 1.6277210088943843), (6, 2, 6, 'uvu', False, 1.3166454383056798), (6, 3, 3, 'uvu', False, 1.6880069721867685), (6, 3, 5, 'uvu', False, 1.299765368583812), (6, 4, 2, 'uvu', False, 1.6277210088943843), (6, 4, 4, 'uvu', False, 1.3021768071155075), (6, 4, 6, 'uvu', False, 1.3940951699707196), (6, 5, 1, 'uvu', False, 1.4323944878270582), (6, 5, 3, 'uvu', False, 1.299765368583812), (6, 5, 5, 'uvu', False, 1.3731014698124304), (6, 6, 0, 'uvu', False, 1.0345071300973199), (6, 6, 2, 'uvu', False, 1.3166454383056798), (6, 6, 4, 'uvu', False, 1.3940951699707196), (6, 6, 6, 'uvu', False, 1.5140549047301048)")]
    private static partial void GauntByCg6(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    [TensorProduct("1x0e + 1x1o + 1x2e + 1x3o + 1x4e + 1x5o + 1x6e + 1x7o + 1x8e", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e + 1x5o + 1x6e + 1x7o + 1x8e", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e + 1x5o + 1x6e + 1x7o + 1x8e", IrrepNormalization = IrrepNormalization.None, PathNormalization = PathNormalization.None,
        Instructions =
            "(0, 0, 0, 'uvu', False, 0.07957747154594767), (0, 1, 1, 'uvu', False, 0.238732414637843), (0, 2, 2, 'uvu', False, 0.3978873577297384), (0, 3, 3, 'uvu', False, 0.5570423008216336), (0, 4, 4, 'uvu', False, 0.716197243913529), (0, 5, 5, 'uvu', False, 0.8753521870054245), (0, 6, 6, 'uvu', False, 1.0345071300973199), (0, 7, 7, 'uvu', False, 1.1936620731892151), (0, 8, 8, 'uvu', False, 1.3528170162811104), "
            + "(1, 0, 1, 'uvu', False, 0.238732414637843), (1, 1, 0, 'uvu', False, 0.238732414637843), (1, 1, 2, 'uvu', False, 0.477464829275686), (1, 2, 1, 'uvu', False, 0.477464829275686), (1, 2, 3, 'uvu', False, 0.716197243913529), (1, 3, 2, 'uvu', False, 0.716197243913529), (1, 3, 4, 'uvu', False, 0.954929658551372), (1, 4, 3, 'uvu', False, 0.954929658551372), (1, 4, 5, 'uvu', False, 1.1936620731892151), (1, 5, 4, 'uvu', False, 1.1936620731892151), (1, 5, 6, 'uvu', False, 1.4323944878270582), (1, 6, 5, 'uvu', False, 1.4323944878270582), (1, 6, 7, 'uvu', False, 1.6711269024649011), (1, 7, 6, 'uvu', False, 1.6711269024649011), (1, 7, 8, 'uvu', False, 1.9098593171027443), (1, 8, 7, 'uvu', False, 1.9098593171027443), "
            + "(2, 0, 2, 'uvu', False, 0.3978873577297384), (2, 1, 1, 'uvu', False, 0.477464829275686), (2, 1, 3, 'uvu', False, 0.716197243913529), (2, 2, 0, 'uvu', False, 0.3978873577297384), (2, 2, 2, 'uvu', False, 0.5684105110424834), (2, 2, 4, 'uvu', False, 1.02313891987647), (2, 3, 1, 'uvu', False, 0.716197243913529), (2, 3, 3, 'uvu', False, 0.7427230677621783), (2, 3, 5, 'uvu', False, 1.3262911924324612), (2, 4, 2, 'uvu', False, 1.02313891987647), (2, 4, 4, 'uvu', False, 0.9301262907967911), (2, 4, 6, 'uvu', False, 1.6277210088943843), (2, 5, 3, 'uvu', False, 1.3262911924324612), (2, 5, 5, 'uvu', False, 1.122246393596698), (2, 5, 7, 'uvu', False, 1.9282233489979625), (2, 6, 4, 'uvu', False, 1.6277210088943843), (2, 6, 6, 'uvu', False, 1.3166454383056798), (2, 6, 8, 'uvu', False, 2.2281692032865346), (2, 7, 5, 'uvu', False, 1.9282233489979625), (2, 7, 7, 'uvu', False, 1.512332038429775), (2, 8, 6, 'uvu', False, 2.2281692032865346), (2, 8, 8, 'uvu', False, 1.7088214942498237), "
            + "(3, 0, 3, 'uvu', False, 0.5570423008216336), (3, 1, 2, 'uvu', False, 0.716197243913529), (3, 1, 4, 'uvu', False, 0.954929658551372), (3, 2, 1, 'uvu', False, 0.716197243913529), (3, 2, 3, 'uvu', False, 0.7427230677621783), (3, 2, 5, 'uvu', False, 1.3262911924324612), (3, 3, 0, 'uvu', False, 0.5570423008216336), (3, 3, 2, 'uvu', False, 0.7427230677621783), (3, 3, 4, 'uvu', False, 0.9115237649808553), (3, 3, 6, 'uvu', False, 1.6880069721867685), (3, 4, 1, 'uvu', False, 0.954929658551372), (3, 4, 3, 'uvu', False, 0.9115237649808553), (3, 4, 5, 'uvu', False, 1.1018419137131217), (3, 4, 7, 'uvu', False, 2.0450853701493545), (3, 5, 2, 'uvu', False, 1.3262911924324612), (3, 5, 4, 'uvu', False, 1.1018419137131217), (3, 5, 6, 'uvu', False, 1.299765368583812), (3, 5, 8, 'uvu', False, 2.399566834308576), (3, 6, 3, 'uvu', False, 1.6880069721867685), (3, 6, 5, 'uvu', False, 1.299765368583812), (3, 6, 7, 'uvu', False, 1.5013332599684672), (3, 7, 4, 'uvu', False, 2.0450853701493545), (3, 7, 6, 'uvu', False, 1.5013332599684672), (3, 7, 8, 'uvu', False, 1.704955382271883), (3, 8, 5, 'uvu', False, 2.399566834308576), (3, 8, 7, 'uvu', False, 1.704955382271883), "
            + "(4, 0, 4, 'uvu', False, 0.716197243913529), (4, 1, 3, 'uvu', False, 0.954929658551372), (4, 1, 5, 'uvu', False, 1.1936620731892151), (4, 2, 2, 'uvu', False, 1.02313891987647), (4, 2, 4, 'uvu', False, 0.9301262907967911), (4, 2, 6, 'uvu', False, 1.6277210088943843), (4, 3, 1, 'uvu', False, 0.954929658551372), (4, 3, 3, 'uvu', False, 0.9115237649808553), (4, 3, 5, 'uvu', False, 1.1018419137131217), (4, 3, 7, 'uvu', False, 2.0450853701493545), (4, 4, 0, 'uvu', False, 0.716197243913529), (4, 4, 2, 'uvu', False, 0.9301262907967911), (4, 4, 4, 'uvu', False, 1.0431724092167087), (4, 4, 6, 'uvu', False, 1.3021768071155075), (4, 4, 8, 'uvu', False, 2.4541024441792256), (4, 5, 1, 'uvu', False, 1.1936620731892151), (4, 5, 3, 'uvu', False, 1.1018419137131217), (4, 5, 5, 'uvu', False, 1.2120261050844339), (4, 5, 7, 'uvu', False, 1.5123320384297747), (4, 6, 2, 'uvu', False, 1.6277210088943843), (4, 6, 4, 'uvu', False, 1.3021768071155075), (4, 6, 6, 'uvu', False, 1.3940951699707196), (4, 6, 8, 'uvu', False, 1.7270976599637253), (4, 7, 3, 'uvu', False, 2.0450853701493545), (4, 7, 5, 'uvu', False, 1.5123320384297747), (4, 7, 7, 'uvu', False, 1.5825216115052232), (4, 8, 4, 'uvu', False, 2.4541024441792256), (4, 8, 6, 'uvu', False, 1.7270976599637253), (4, 8, 8, 'uvu', False, 1.7745453978748167), "
            + "(5, 0, 5, 'uvu', False, 0.8753521870054245), (5, 1, 4, 'uvu', False, 1.1936620731892151), (5, 1, 6, 'uvu', False, 1.4323944878270582), (5, 2, 3, 'uvu', False, 1.3262911924324612), (5, 2, 5, 'uvu', False, 1.122246393596698), (5, 2, 7, 'uvu', False, 1.9282233489979625), (5, 3, 2, 'uvu', False, 1.3262911924324612), (5, 3, 4, 'uvu', False, 1.1018419137131217), (5, 3, 6, 'uvu', False, 1.299765368583812), (5, 3, 8, 'uvu', False, 2.399566834308576), (5, 4, 1, 'uvu', False, 1.1936620731892151), (5, 4, 3, 'uvu', False, 1.1018419137131217), (5, 4, 5, 'uvu', False, 1.2120261050844339), (5, 4, 7, 'uvu', False, 1.5123320384297747), (5, 5, 0, 'uvu', False, 0.8753521870054245), (5, 5, 2, 'uvu', False, 1.122246393596698), (5, 5, 4, 'uvu', False, 1.2120261050844339), (5, 5, 6, 'uvu', False, 1.3731014698124304), (5, 5, 8, 'uvu', False, 1.7365286300917326), (5, 6, 1, 'uvu', False, 1.4323944878270582), (5, 6, 3, 'uvu', False, 1.299765368583812), (5, 6, 5, 'uvu', False, 1.3731014698124304), (5, 6, 7, 'uvu', False, 1.5521302499674003), (5, 7, 2, 'uvu', False, 1.9282233489979625), (5, 7, 4, 'uvu', False, 1.5123320384297747), (5, 7, 6, 'uvu', False, 1.5521302499674003), (5, 7, 8, 'uvu', False, 1.73975039007335), (5, 8, 3, 'uvu', False, 2.399566834308576), (5, 8, 5, 'uvu', False, 1.7365286300917326), (5, 8, 7, 'uvu', False, 1.73975039007335), "
            + "(6, 0, 6, 'uvu', False, 1.0345071300973199), (6, 1, 5, 'uvu', False, 1.4323944878270582), (6, 1, 7, 'uvu', False, 1.6711269024649011), (6, 2, 4, 'uvu', False, 1.6277210088943843), (6, 2, 6, 'uvu', False, 1.3166454383056798), (6, 2, 8, 'uvu', False, 2.2281692032865346), (6, 3, 3, 'uvu', False, 1.6880069721867685), (6, 3, 5, 'uvu', False, 1.299765368583812), (6, 3, 7, 'uvu', False, 1.5013332599684672), (6, 4, 2, 'uvu', False, 1.6277210088943843), (6, 4, 4, 'uvu', False, 1.3021768071155075), (6, 4, 6, 'uvu', False, 1.3940951699707196), (6, 4, 8, 'uvu', False, 1.7270976599637253), (6, 5, 1, 'uvu', False, 1.4323944878270582), (6, 5, 3, 'uvu', False, 1.299765368583812), (6, 5, 5, 'uvu', False, 1.3731014698124304), (6, 5, 7, 'uvu', False, 1.5521302499674003), (6, 6, 0, 'uvu', False, 1.0345071300973199), (6, 6, 2, 'uvu', False, 1.3166454383056798), (6, 6, 4, 'uvu', False, 1.3940951699707196), (6, 6, 6, 'uvu', False, 1.5140549047301048), (6, 6, 8, 'uvu', False, 1.732428208296947), (6, 7, 1, 'uvu', False, 1.6711269024649011), (6, 7, 3, 'uvu', False, 1.5013332599684672), (6, 7, 5, 'uvu', False, 1.5521302499674003), (6, 7, 7, 'uvu', False, 1.679794642821862), (6, 8, 2, 'uvu', False, 2.2281692032865346), (6, 8, 4, 'uvu', False, 1.7270976599637253), (6, 8, 6, 'uvu', False, 1.732428208296947), (6, 8, 8, 'uvu', False, 1.857414667662852), "
            + "(7, 0, 7, 'uvu', False, 1.1936620731892151), (7, 1, 6, 'uvu', False, 1.6711269024649011), (7, 1, 8, 'uvu', False, 1.9098593171027443), (7, 2, 5, 'uvu', False, 1.9282233489979625), (7, 2, 7, 'uvu', False, 1.512332038429775), (7, 3, 4, 'uvu', False, 2.0450853701493545), (7, 3, 6, 'uvu', False, 1.5013332599684672), (7, 3, 8, 'uvu', False, 1.704955382271883), (7, 4, 3, 'uvu', False, 2.0450853701493545), (7, 4, 5, 'uvu', False, 1.5123320384297747), (7, 4, 7, 'uvu', False, 1.5825216115052232), (7, 5, 2, 'uvu', False, 1.9282233489979625), (7, 5, 4, 'uvu', False, 1.5123320384297747), (7, 5, 6, 'uvu', False, 1.5521302499674003), (7, 5, 8, 'uvu', False, 1.73975039007335), (7, 6, 1, 'uvu', False, 1.6711269024649011), (7, 6, 3, 'uvu', False, 1.5013332599684672), (7, 6, 5, 'uvu', False, 1.5521302499674003), (7, 6, 7, 'uvu', False, 1.679794642821862), (7, 7, 0, 'uvu', False, 1.1936620731892151), (7, 7, 2, 'uvu', False, 1.512332038429775), (7, 7, 4, 'uvu', False, 1.5825216115052232), (7, 7, 6, 'uvu', False, 1.679794642821862), (7, 7, 8, 'uvu', False, 1.8385043373359677), (7, 8, 1, 'uvu', False, 1.9098593171027443), (7, 8, 3, 'uvu', False, 1.704955382271883), (7, 8, 5, 'uvu', False, 1.73975039007335), (7, 8, 7, 'uvu', False, 1.8385043373359677), "
            + "(8, 0, 8, 'uvu', False, 1.3528170162811104), (8, 1, 7, 'uvu', False, 1.9098593171027443), (8, 2, 6, 'uvu', False, 2.2281692032865346), (8, 2, 8, 'uvu', False, 1.7088214942498237), (8, 3, 5, 'uvu', False, 2.399566834308576), (8, 3, 7, 'uvu', False, 1.704955382271883), (8, 4, 4, 'uvu', False, 2.4541024441792256), (8, 4, 6, 'uvu', False, 1.7270976599637253), (8, 4, 8, 'uvu', False, 1.7745453978748167), (8, 5, 3, 'uvu', False, 2.399566834308576), (8, 5, 5, 'uvu', False, 1.7365286300917326), (8, 5, 7, 'uvu', False, 1.73975039007335), (8, 6, 2, 'uvu', False, 2.2281692032865346), (8, 6, 4, 'uvu', False, 1.7270976599637253), (8, 6, 6, 'uvu', False, 1.732428208296947), (8, 6, 8, 'uvu', False, 1.857414667662852), (8, 7, 1, 'uvu', False, 1.9098593171027443), (8, 7, 3, 'uvu', False, 1.704955382271883), (8, 7, 5, 'uvu', False, 1.73975039007335), (8, 7, 7, 'uvu', False, 1.8385043373359677), (8, 8, 0, 'uvu', False, 1.3528170162811104), (8, 8, 2, 'uvu', False, 1.7088214942498237), (8, 8, 4, 'uvu', False, 1.7745453978748167), (8, 8, 6, 'uvu', False, 1.857414667662852), (8, 8, 8, 'uvu', False, 1.9836236130296867)")]
    private static partial void GauntByCg8(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    [TensorProduct("1x0e + 1x1o + 1x2e", "1x0e + 1x1o + 1x2e", "", Kind = TensorProductKind.Full)]
    private static partial void Full2(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    [TensorProduct("1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "1x0e + 1x1o + 1x2e + 1x3o + 1x4e", "", Kind = TensorProductKind.Full)]
    private static partial void Full4(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    private delegate void Product(ReadOnlySpan<float> x1, ReadOnlySpan<float> x2, Span<float> output, int batch);

    /// <summary>The Gaunt rows against the CG route, f32, one thread; the ceiling is the 12-accumulator f32 FMA loop.</summary>
    public static IEnumerable<ReportRow> Rows(bool quick, TimingPolicy policy)
    {
        List<EquivariantRow> measured;
        try
        {
            using IDisposable oneThread = KernelThreads.Override(1);
            measured = [Row(2, GauntByCg2, Full2), Row(4, GauntByCg4, Full4), Row(6, GauntByCg6, null), Row(8, GauntByCg8, null)];
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"gaunt cases failed: {e.Message}");
            yield break;
        }

        double ceiling = new CeilingLoop<FmaSingleStep, float>("12 x fma f32", i => 1e-3f * (1 + i % 5)).Measure(policy);
        foreach (EquivariantRow row in measured)
        {
            double ours = row.Ops / row.Seconds / 1e9;
            var peers = row.Peers.ToDictionary(p => p.Peer, p => row.Ops / p.Seconds / 1e9);
            KeyValuePair<string, double> best = peers.MaxBy(p => p.Value);
            Console.WriteLine($"{row.Id,-44} {ours,8:F2} {best.Value,9:F2} {ours / best.Value,6:F2}x  ok ({row.Note})");
            yield return new ReportRow(row.Id, "equivariant", "f32", row.Op, row.Batch, 1, KernelDispatch.Current.ToString(), ours, ours,
                best.Key, best.Value, ours / best.Value, ceiling, "compute", "12 x fma f32", ours / ceiling,
                Verified: true, Mismatch: null, peers);
        }
    }

    private static EquivariantRow Row(int lmax, Product cgRoute, Product? full)
    {
        const int batch = 10_000;
        string id = $"equivariant.gaunt.l{lmax}.b{batch}.t1";
        int dim = (lmax + 1) * (lmax + 1);
        var gaunt = new GauntTensorProduct(lmax, lmax, lmax);
        var rng = new Random(7);
        float[] x1 = EquivariantCases.Random(rng, batch * dim), x2 = EquivariantCases.Random(rng, batch * dim);
        float[] ours = new float[batch * dim], peer = new float[batch * dim];
        gaunt.Forward(x1, x2, ours, batch);
        cgRoute(x1, x2, peer, batch);
        double worst = 0, largest = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(ours[i] - peer[i]));
            largest = Math.Max(largest, Math.Abs(peer[i]));
        }

        if (worst > 1e-4 * Math.Max(1, largest)) throw new InvalidOperationException($"{id}: grid and CG routes differ by {worst:G3} (largest {largest:G3}).");

        int nonzero = NonzeroCoefficients(gaunt, dim);
        double seconds = Best(() => gaunt.Forward(x1, x2, ours, batch));
        double cgSeconds = Best(() => cgRoute(x1, x2, peer, batch));
        var peers = new List<(string Peer, double Seconds)> { ("CG route, same paths (generated)", cgSeconds) };
        string note = $"{seconds * 1e3:F3} ms; grid {gaunt.ThetaNodes}x{gaunt.PhiNodes}, {nonzero} nonzero Gaunt coefficients; CG same paths {cgSeconds * 1e3:F3} ms (grid/CG time {seconds / cgSeconds:F2})";
        if (full is not null)
        {
            int dimFull = 0;
            for (int l1 = 0; l1 <= lmax; l1++)
            for (int l2 = 0; l2 <= lmax; l2++)
            for (int l = Math.Abs(l1 - l2); l <= l1 + l2; l++)
                dimFull += 2 * l + 1;
            var fullOut = new float[batch * dimFull];
            double fullSeconds = Best(() => full(x1, x2, fullOut, batch));
            peers.Add(("CG full product (generated)", fullSeconds));
            note += $"; CG full {fullSeconds * 1e3:F3} ms";
        }

        return new EquivariantRow(id, "tp.gaunt", batch, seconds, 2.0 * nonzero * batch, note, peers);
    }

    /// <summary>Nonzero coefficients of the product, read back in f64 from basis vectors (the work a sparse product does).</summary>
    private static int NonzeroCoefficients(GauntTensorProduct gaunt, int dim)
    {
        var a = new double[dim * dim * dim];
        var b = new double[dim * dim * dim];
        for (int i = 0; i < dim; i++)
        for (int j = 0; j < dim; j++)
        {
            a[(i * dim + j) * dim + i] = 1;
            b[(i * dim + j) * dim + j] = 1;
        }

        var o = new double[dim * dim * dim];
        gaunt.Forward(a, b, o, dim * dim);
        return o.Count(v => Math.Abs(v) > 1e-9);
    }

    private static double Best(Action action) => Timing.BestOf(action, runs: 7);
}
