/// Permutation-equivariant linear maps (R^n)^(x k) -> (R^n)^(x l) from their definition: the set partitions of the
/// l + k points (outputs o1..ol first, then inputs i1..ik), the dense n^l x n^k matrix of each (entry 1 when every
/// block's indices are equal), the layer as a dense weighted sum, and the action of a permutation on tensors.
/// Written plainly, by insertion and brute force; nothing here is factored.
module TensorGen.Algebra.Permutation

/// Every set partition of the points 0 .. m-1, each a list of blocks: the last point joins each block of a
/// partition of the others, or stands alone.
let rec partitions (m: int) : int list list list =
    if m = 0 then [ [] ]
    else
        [ for p in partitions (m - 1) do
              for i in 0 .. p.Length - 1 -> p |> List.mapi (fun j block -> if j = i then block @ [ m - 1 ] else block)
              yield p @ [ [ m - 1 ] ] ]

/// The block number of each point, blocks numbered in order of their first point.
let growthString (m: int) (partition: int list list) : int list =
    let blocks = partition |> List.sortBy List.min
    [ for point in 0 .. m - 1 -> blocks |> List.findIndex (List.contains point) ]

/// The basis in weight order: partitions of the k + l points sorted lexicographically by growth string, each with
/// its blocks sorted by first point.
let basis (k: int) (l: int) : int list list list =
    partitions (k + l)
    |> List.sortBy (growthString (k + l))
    |> List.map (fun p -> p |> List.map List.sort |> List.sortBy List.head)

/// Bell numbers from the Bell triangle (each row starts with the previous row's last entry).
let bell (m: int) : int =
    let mutable row = [| 1 |]
    for _ in 1 .. m do
        let next = Array.zeroCreate (row.Length + 1)
        next.[0] <- row.[row.Length - 1]
        for j in 1 .. row.Length do
            next.[j] <- next.[j - 1] + row.[j - 1]
        row <- next
    row.[0]

/// A partition written as the runtime documents it: "{o1, i2} {o2, i1}"; the empty partition is "{}".
let name (l: int) (partition: int list list) : string =
    let point p = if p < l then sprintf "o%d" (p + 1) else sprintf "i%d" (p - l + 1)
    if partition.IsEmpty then "{}"
    else partition |> List.map (fun block -> "{" + (block |> List.map point |> String.concat ", ") + "}") |> String.concat " "

/// The `count` base-n digits of a flat row-major index, most significant first.
let digits (n: int) (count: int) (index: int) : int[] =
    Array.init count (fun p -> (index / pown n (count - 1 - p)) % n)

/// The dense n^l x n^k matrix of a partition's basis map: D[o, i] = 1 when, in every block, the indices of all its
/// points (o's digits for outputs, i's for inputs) are equal.
let dense (n: int) (k: int) (l: int) (partition: int list list) : float[,] =
    Array2D.init (pown n l) (pown n k) (fun o i ->
        let value = Array.append (digits n l o) (digits n k i)
        let joined (block: int list) = block |> List.forall (fun p -> value.[p] = value.[block.Head])
        if partition |> List.forall joined then 1.0 else 0.0)

/// The layer applied densely, y[co, o] = sum over ci, b, i of w[co, ci, b] D_b[o, i] x[ci, i], in double, with the
/// magnitude sum of |w D x| of each output and the number of terms, for rounding bounds. Layouts: x [cin][n^k],
/// w [cout][cin][Bell(k + l)], y [cout][n^l].
let applyWithMagnitude (n: int) (k: int) (l: int) (cin: int) (cout: int) (weights: float[]) (x: float[]) : float[] * float[] * int =
    let matrices = basis k l |> List.map (dense n k l) |> Array.ofList
    let count = matrices.Length
    let rows, cols = pown n l, pown n k
    let y = Array.zeroCreate (cout * rows)
    let magnitude = Array.zeroCreate (cout * rows)
    for co in 0 .. cout - 1 do
        for o in 0 .. rows - 1 do
            for ci in 0 .. cin - 1 do
                for b in 0 .. count - 1 do
                    let w = weights.[(co * cin + ci) * count + b]
                    for i in 0 .. cols - 1 do
                        let term = w * matrices.[b].[o, i] * x.[ci * cols + i]
                        y.[co * rows + o] <- y.[co * rows + o] + term
                        magnitude.[co * rows + o] <- magnitude.[co * rows + o] + abs term
    y, magnitude, cin * count * cols

/// The layer applied densely (see applyWithMagnitude).
let apply (n: int) (k: int) (l: int) (cin: int) (cout: int) (weights: float[]) (x: float[]) : float[] =
    let y, _, _ = applyWithMagnitude n k l cin cout weights x
    y

/// sigma acting on `channels` order-`order` tensors: (sigma x)[sigma(j1), .., sigma(jm)] = x[j1, .., jm].
let permute (n: int) (order: int) (sigma: int[]) (channels: int) (x: float[]) : float[] =
    let size = pown n order
    let y = Array.zeroCreate x.Length
    for c in 0 .. channels - 1 do
        for index in 0 .. size - 1 do
            let target = digits n order index |> Array.fold (fun acc j -> acc * n + sigma.[j]) 0
            y.[c * size + target] <- x.[c * size + index]
    y
