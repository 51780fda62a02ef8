#!/usr/bin/env python3
"""Checks TensorGen's equivariant kernels against e3nn, and times e3nn on the same host.

    bench e3nn-export DIR                      # TensorGen writes inputs, outputs and gradients
    python3 bench/E3nn/e3nn_compare.py DIR     # e3nn recomputes them; one line per array, exit 1 on a mismatch
    python3 bench/E3nn/e3nn_compare.py --time  # e3nn's time for the report's equivariant rows, f32

Needs torch and e3nn (not installed by the test suite: this runs where they are, e.g. beside the report on a
machine that has them). Forward outputs are compared on every vector path TensorGen wrote (Scalar, Vector128,
Vector256, Vector512); gradients come from TensorGen's backward on the accelerated path and from torch.autograd
through e3nn. Everything is f64; the tolerance is 1e-10 relative to the largest magnitude of e3nn's array.
"""
import ast
import json
import os
import sys
import time

TOLERANCE = 1e-10


def load(directory, case, array, shape):
    import numpy as np
    import torch
    values = np.fromfile(os.path.join(directory, case["arrays"][array]), dtype="<f8")
    return torch.from_numpy(values.reshape(shape).copy())


def build_product(case):
    from e3nn import o3
    in1, in2 = o3.Irreps(case["irreps_in1"]), o3.Irreps(case["irreps_in2"])
    normalizations = dict(irrep_normalization=case["irrep_normalization"])
    kind = case["product"]
    if kind == "full":
        return o3.FullTensorProduct(in1, in2, **normalizations)
    if kind == "elementwise":
        return o3.ElementwiseTensorProduct(in1, in2, **normalizations)
    out = o3.Irreps(case["irreps_out"])
    normalizations["path_normalization"] = case["path_normalization"]
    if kind == "fully_connected":
        return o3.FullyConnectedTensorProduct(in1, in2, out, internal_weights=False, shared_weights=True, **normalizations)
    instructions = list(ast.literal_eval("[" + case["instructions"] + "]"))
    return o3.TensorProduct(in1, in2, out, instructions, internal_weights=False, shared_weights=True, **normalizations)


def compare(label, ours, theirs):
    """Prints one line and returns whether |ours - theirs| <= TOLERANCE * max(1, max|theirs|) everywhere."""
    if tuple(ours.shape) != tuple(theirs.shape):
        print(f"FAIL {label}: shape {tuple(ours.shape)} against e3nn's {tuple(theirs.shape)}")
        return False
    scale = max(1.0, float(theirs.abs().max()) if theirs.numel() else 1.0)
    error = float((ours - theirs).abs().max()) if theirs.numel() else 0.0
    ok = error <= TOLERANCE * scale
    print(f"{'ok  ' if ok else 'FAIL'} {label}: max |TensorGen - e3nn| = {error:.3e} (scale {scale:.3g}, {theirs.numel()} values)")
    return ok


def check(directory):
    import torch
    from e3nn import o3
    torch.set_default_dtype(torch.float64)
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    paths = [name[len("output_"):] for name in manifest["cases"][0]["arrays"] if name.startswith("output_")]
    import e3nn
    print(f"e3nn {e3nn.__version__}, torch {torch.__version__}; TensorGen's accelerated path: {manifest['accelerated']}")
    ok = True
    for case in manifest["cases"]:
        name, batch = case["name"], case["batch"]
        if case["kind"] == "sh":
            lmax = case["lmax"]
            dim = (lmax + 1) ** 2
            xyz = torch.stack([load(directory, case, a, (batch,)) for a in ("x", "y", "z")], dim=-1).requires_grad_(True)
            theirs = o3.spherical_harmonics(list(range(lmax + 1)), xyz, normalize=case["normalize"], normalization=case["normalization"])
            for path in paths:
                ok &= compare(f"{name} output ({path})", load(directory, case, f"output_{path}", (batch, dim)), theirs.detach())
            theirs.backward(load(directory, case, "grad_output", (batch, dim)))
            for axis, array in enumerate(("grad_x", "grad_y", "grad_z")):
                ok &= compare(f"{name} {array}", load(directory, case, array, (batch,)), xyz.grad[:, axis])
            continue
        module = build_product(case)
        in1, in2, out = module.irreps_in1, module.irreps_in2, module.irreps_out
        x1 = load(directory, case, "x1", (batch, in1.dim)).requires_grad_(True)
        x2 = load(directory, case, "x2", (batch, in2.dim)).requires_grad_(True)
        if module.weight_numel != case["weights"]:
            print(f"FAIL {name}: {case['weights']} weights against e3nn's {module.weight_numel}")
            ok = False
            continue
        weights = load(directory, case, "weights", (case["weights"],)).requires_grad_(True)
        theirs = module(x1, x2, weights) if module.weight_numel else module(x1, x2)
        print(f"     {name}: e3nn's output irreps {out}")
        for path in paths:
            ok &= compare(f"{name} output ({path})", load(directory, case, f"output_{path}", (batch, out.dim)), theirs.detach())
        theirs.backward(load(directory, case, "grad_output", (batch, out.dim)))
        ok &= compare(f"{name} grad_x1", load(directory, case, "grad_x1", (batch, in1.dim)), x1.grad)
        ok &= compare(f"{name} grad_x2", load(directory, case, "grad_x2", (batch, in2.dim)), x2.grad)
        if module.weight_numel:
            ok &= compare(f"{name} grad_weights", load(directory, case, "grad_weights", (case["weights"],)), weights.grad)
    print("e3nn check: " + ("all arrays agree" if ok else "MISMATCH"))
    return ok


def best_seconds(run, repeats=7, minimum=0.2):
    """Best of `repeats` rounds, each as many calls as fill `minimum` seconds (after one warm-up round)."""
    run()
    start = time.perf_counter()
    run()
    calls = max(1, int(minimum / max(time.perf_counter() - start, 1e-9)))
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            run()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def timings():
    import torch
    from e3nn import o3
    torch.set_default_dtype(torch.float32)
    generator = torch.Generator().manual_seed(5)
    cores = os.cpu_count() or 1
    for threads in sorted({1, cores}):
        torch.set_num_threads(threads)
        with torch.no_grad():
            for lmax in (2, 4):
                irreps = o3.Irreps("+".join(f"1x{l}{'e' if l % 2 == 0 else 'o'}" for l in range(lmax + 1)))
                module = o3.FullTensorProduct(irreps, irreps)
                x1 = torch.randn(10000, irreps.dim, generator=generator)
                x2 = torch.randn(10000, irreps.dim, generator=generator)
                seconds = best_seconds(lambda: module(x1, x2))
                print(f"e3nn.tp.full.l{lmax}.b10000.t{threads}  {seconds * 1e3:9.3f} ms  (e3nn FullTensorProduct, torch eager, f32)")
            vectors = torch.randn(1000000, 3, generator=generator)
            seconds = best_seconds(lambda: o3.spherical_harmonics(list(range(7)), vectors, normalize=True, normalization="component"), repeats=5)
            print(f"e3nn.sh.l6.b1000000.t{threads}  {seconds * 1e9 / 1e6:9.2f} ns per vector  (o3.spherical_harmonics, f32)")
            a = torch.randn(2048, 2048, generator=generator)
            b = torch.randn(2048, 2048, generator=generator)
            seconds = best_seconds(lambda: torch.matmul(a, b), repeats=5)
            print(f"torch.matmul.f32.n2048.t{threads}  {2 * 2048 ** 3 / seconds / 1e9:9.1f} GFLOP/s  (torch {torch.__version__} CPU BLAS)")


def main(argv):
    if len(argv) == 2 and argv[1] == "--time":
        timings()
        return 0
    if len(argv) != 2 or argv[1].startswith("-"):
        print("usage: e3nn_compare.py DIR (written by 'bench e3nn-export DIR') | e3nn_compare.py --time", file=sys.stderr)
        return 2
    if not os.path.exists(os.path.join(argv[1], "manifest.json")):
        print(f"e3nn_compare.py: no manifest.json in '{argv[1]}' (run 'bench e3nn-export {argv[1]}' first)", file=sys.stderr)
        return 2
    return 0 if check(argv[1]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
