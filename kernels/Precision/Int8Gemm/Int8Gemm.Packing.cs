using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TensorGen.Precision;

internal static unsafe partial class Int8Gemm
{
    // Packed layouts (element = int16 when the tile is wide, else the byte itself; g = k-group, t < Group):
    //   B, per panel of Columns columns: [g][column][t]   A, per panel of Rows rows: [g][row][t]
    // so a k-group of one row or column is one 32-bit lane (two int16 or four bytes), and anything outside the
    // matrix or past k is zero. Whole groups of whole panels take the tight loops; the rest goes element by element.

    private static void PackB(in Step step, byte* packed)
    {
        Tile tile = step.Tile;
        int groups = step.Groups;
        int fullGroups = step.Kb / tile.Group;
        for (int jr = 0; jr < step.Nb; jr += tile.Columns)
        {
            nint panel = (nint)jr * groups * tile.Group;
            int cols = System.Math.Min(tile.Columns, step.Nb - jr);
            sbyte* source = step.B + (nint)step.Pc * step.N + step.Jc + jr;
            for (int g = 0; g < groups; g++)
            {
                nint group = panel + (nint)g * tile.Columns * tile.Group;
                if (cols == tile.Columns && g < fullGroups && tile.Wide)
                {
                    short* destination = (short*)packed + group;
                    sbyte* even = source + (nint)(2 * g) * step.N, odd = even + step.N;
                    if (Sse2.IsSupported)
                    {
                        // Eight columns at a time: interleave the two k rows' bytes, then sign-extend to int16 pairs.
                        for (int j = 0; j < tile.Columns; j += 8)
                        {
                            Vector128<sbyte> pairs = Sse2.UnpackLow(Vector128.CreateScalarUnsafe(*(ulong*)(even + j)).AsSByte(),
                                                                    Vector128.CreateScalarUnsafe(*(ulong*)(odd + j)).AsSByte());
                            Vector128.WidenLower(pairs).Store(destination + 2 * j);
                            Vector128.WidenUpper(pairs).Store(destination + 2 * j + 8);
                        }

                        continue;
                    }

                    for (int j = 0; j < tile.Columns; j++)
                    {
                        destination[2 * j] = even[j];
                        destination[2 * j + 1] = odd[j];
                    }

                    continue;
                }

                for (int j = 0; j < tile.Columns; j++)
                {
                    for (int t = 0; t < tile.Group; t++)
                    {
                        int kk = g * tile.Group + t;
                        sbyte value = j < cols && kk < step.Kb ? source[(nint)kk * step.N + j] : (sbyte)0;
                        Store(packed, group + (nint)j * tile.Group + t, value, tile.Wide);
                    }
                }
            }
        }
    }

    private static void PackA(in Step step, byte* packed, int ic, int mb)
    {
        Tile tile = step.Tile;
        int groups = step.Groups;
        int fullGroups = step.Kb / tile.Group;
        for (int ir = 0; ir < mb; ir += tile.Rows)
        {
            nint panel = (nint)ir * groups * tile.Group;
            int rows = System.Math.Min(tile.Rows, mb - ir);
            for (int i = 0; i < tile.Rows; i++)
            {
                sbyte* row = i < rows ? step.A + (nint)(ic + ir + i) * step.K + step.Pc : null;
                int g = 0;
                if (row != null && tile.Wide)
                {
                    int* destination = (int*)((short*)packed + panel) + i;
                    if (Sse2.IsSupported)
                    {
                        // Eight k-pairs at a time: sign-extend sixteen bytes to int16, then one int32 pair per store.
                        for (; g + 8 <= fullGroups; g += 8)
                        {
                            Vector128<sbyte> bytes = Vector128.Load(row + 2 * g);
                            Vector128<int> low = Vector128.WidenLower(bytes).AsInt32(), high = Vector128.WidenUpper(bytes).AsInt32();
                            int* d = destination + (nint)g * tile.Rows;
                            d[0] = low.GetElement(0); d[tile.Rows] = low.GetElement(1);
                            d[2 * tile.Rows] = low.GetElement(2); d[3 * tile.Rows] = low.GetElement(3);
                            d[4 * tile.Rows] = high.GetElement(0); d[5 * tile.Rows] = high.GetElement(1);
                            d[6 * tile.Rows] = high.GetElement(2); d[7 * tile.Rows] = high.GetElement(3);
                        }
                    }

                    for (; g < fullGroups; g++)
                    {
                        short even = row[2 * g], odd = row[2 * g + 1];
                        destination[(nint)g * tile.Rows] = (ushort)even | (odd << 16);
                    }
                }

                for (; g < groups; g++)
                {
                    for (int t = 0; t < tile.Group; t++)
                    {
                        int kk = g * tile.Group + t;
                        sbyte value = row != null && kk < step.Kb ? row[kk] : (sbyte)0;
                        Store(packed, panel + ((nint)g * tile.Rows + i) * tile.Group + t, value, tile.Wide);
                    }
                }
            }
        }
    }

    private static void Store(byte* packed, nint index, sbyte value, bool wide)
    {
        if (wide)
        {
            ((short*)packed)[index] = value;
        }
        else
        {
            ((sbyte*)packed)[index] = value;
        }
    }
}
