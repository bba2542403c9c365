package backendtest

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Cases for the small ops that keep a model on a device (the PTX data
// kernels): index along every axis (a constant and a symbolic position),
// the moves of i32 tensors, the complex parts with broadcasting, where
// with f32 and i32 masks and values, cast both ways, arange of odd
// lengths, sum and mean along every axis, and cumsum along the sequence
// (stateful when streamed) and across the features. Odd feature sizes.

func init() {
	extraCases = append(extraCases, ptxDataCases)
}

func ptxDataCases(rng *rand.Rand) []Case {
	var cs []Case
	add := func(op, name string, tol float64, sig string, body ...string) {
		cs = append(cs, Case{Op: op, Name: name, IR: module(nil, sig, strings.Join(body, "\n")+"\n"), Tol: tol})
	}
	{
		d, e := dims(rng), 2+rng.IntN(5)
		i := rng.IntN(e)
		ft := fmt.Sprintf("f32[B, L, %d, %d]", d, e)
		add("index", fmt.Sprintf("x[B, L, %d, %d] at %d of the last axis, 0 of the features, the last position", d, e, i), tolExact,
			fmt.Sprintf("%%1 x: %s, %%2 z: f32[B, L+1, %d]) -> (a: f32[B, L, %d], b: f32[B, L, %d], c: f32[B, %d], d: %s)", ft, d, d, e, d, ft),
			fmt.Sprintf("  %%3 = index %%1 {axis=3, index=#%d} : f32[B, L, %d]", i, d),
			fmt.Sprintf("  %%4 = index %%1 {axis=-2, index=#0} : f32[B, L, %d]", e),
			// the position L of z (L+1 long): a symbolic index, solved from the shapes
			fmt.Sprintf("  %%5 = index %%2 {axis=1, index=#L} : f32[B, %d]", d),
			fmt.Sprintf("  %%6 = broadcast_to %%1 {shape=#[2, B, L, %d, %d]} : f32[2, B, L, %d, %d]", d, e, d, e),
			fmt.Sprintf("  %%7 = index %%6 {axis=0, index=#1} : %s", ft),
			"  return %3, %4, %5, %7")
	}
	{
		d := 2 + rng.IntN(6)
		it := fmt.Sprintf("i32[B, L, %d]", d)
		add("flip", fmt.Sprintf("i32 ids[B, L, %d]: flip, transpose, split, concat, slice, index, broadcast", d), tolExact,
			fmt.Sprintf("%%1 ids: %s) -> (a: i32[B, L, %d], b: i32[B, %d, L], c: i32[B, L, %d], d: i32[B, L], e: i32[B, L, 2, %d], f: i32[L, B])", it, d, d, d, d),
			fmt.Sprintf("  %%2 = flip %%1 {axis=2} : %s", it),
			fmt.Sprintf("  %%3 = transpose %%1 {perm=[0, 2, 1]} : i32[B, %d, L]", d),
			fmt.Sprintf("  %%4, %%5 = split %%1 {axis=2, sizes=[1, %d]} : i32[B, L, 1], i32[B, L, %d]", d-1, d-1),
			fmt.Sprintf("  %%6 = concat %%5, %%4 {axis=2} : %s", it),
			fmt.Sprintf("  %%7 = slice %%6 {axis=2, start=#1, stop=#%d} : i32[B, L, %d]", d, d-1),
			fmt.Sprintf("  %%8 = index %%7 {axis=2, index=#%d} : i32[B, L]", d-2),
			fmt.Sprintf("  %%9 = broadcast_to %%1 {shape=#[2, B, L, %d]} : i32[2, B, L, %d]", d, d),
			fmt.Sprintf("  %%10 = transpose %%9 {perm=[1, 2, 0, 3]} : i32[B, L, 2, %d]", d),
			"  %11 = transpose %8 {perm=[1, 0]} : i32[L, B]",
			"  return %2, %3, %6, %8, %10, %11")
		add("flip", "i32 ids[B, L] along the sequence", tolExact, "%1 ids: i32[B, L]) -> (a: i32[B, L])",
			"  %2 = flip %1 {axis=1} : i32[B, L]", "  return %2")
	}
	{
		d, e := dims(rng), dims(rng)
		add("complex", fmt.Sprintf("complex of x[B, L, %d, %d] and y[%d, 1], its parts", d, e, d), tolExact,
			fmt.Sprintf("%%1 x: f32[B, L, %d, %d], %%2 y: f32[%d, 1]) -> (re: f32[B, L, %d, %d], im: f32[B, L, %d, %d], s: f32[B, L, %d, %d])", d, e, d, d, e, d, e, d, e),
			fmt.Sprintf("  %%3 = complex %%1, %%2 : c64[B, L, %d, %d]", d, e),
			fmt.Sprintf("  %%4 = complex %%2, %%1 : c64[B, L, %d, %d]", d, e),
			fmt.Sprintf("  %%5 = real %%3 : f32[B, L, %d, %d]", d, e),
			fmt.Sprintf("  %%6 = imag %%4 : f32[B, L, %d, %d]", d, e),
			fmt.Sprintf("  %%7 = imag %%3 : f32[B, L, %d, %d]", d, e),
			fmt.Sprintf("  %%8 = sub %%6, %%5 : f32[B, L, %d, %d]", d, e),
			"  return %5, %7, %8")
	}
	{
		d := dims(rng)
		ft := fmt.Sprintf("f32[B, L, %d]", d)
		add("where", fmt.Sprintf("where: f32 mask [B, L, 1], i32 mask [%d], i32 values", d), tolExact,
			fmt.Sprintf("%%1 x: %s, %%2 y: f32[%d], %%3 ids: i32[B, L, %d], %%10 m: i32[%d]) -> (a: %s, b: %s, c: i32[B, L, %d])", ft, d, d, d, ft, ft, d),
			"  %4 = index %1 {axis=2, index=#0} : f32[B, L]",
			"  %5 = reshape %4 {shape=#[B, L, 1]} : f32[B, L, 1]",
			"  %6 = const {value=0.0} : f32[]",
			"  %7 = gt %5, %6 : f32[B, L, 1]",
			fmt.Sprintf("  %%8 = where %%7, %%1, %%2 : %s", ft),
			fmt.Sprintf("  %%11 = where %%10, %%2, %%1 : %s", ft),
			"  %12 = const {dtype=\"i32\", value=2.0} : i32[]",
			fmt.Sprintf("  %%13 = where %%5, %%3, %%12 : i32[B, L, %d]", d),
			"  return %8, %11, %13")
	}
	{
		d := dims(rng)
		ft := fmt.Sprintf("f32[B, L, %d]", d)
		add("cast", fmt.Sprintf("cast x[B, L, %d]·7 to i32 and ids to f32", d), tolExact,
			fmt.Sprintf("%%1 x: %s, %%2 ids: i32[B, L, %d]) -> (a: i32[B, L, %d], b: %s)", ft, d, d, ft),
			"  %3 = const {value=7.0} : f32[]",
			fmt.Sprintf("  %%4 = mul %%1, %%3 : %s", ft),
			fmt.Sprintf("  %%5 = cast %%4 {dtype=\"i32\"} : i32[B, L, %d]", d),
			fmt.Sprintf("  %%6 = cast %%2 {dtype=\"f32\"} : %s", ft),
			fmt.Sprintf("  %%7 = add %%6, %%1 : %s", ft),
			"  return %5, %7")
	}
	{
		d := dims(rng)
		add("arange", fmt.Sprintf("arange of L (i32, f32) and of %d", d), tolExact,
			fmt.Sprintf("%%1 x: f32[B, L, %d]) -> (a: i32[L], b: f32[B, L, %d])", d, d),
			"  %2 = arange {n=#L} : i32[L]",
			"  %3 = arange {dtype=\"f32\", n=#L} : f32[L]",
			"  %4 = reshape %3 {shape=#[1, L, 1]} : f32[1, L, 1]",
			fmt.Sprintf("  %%5 = arange {dtype=\"f32\", n=#%d} : f32[%d]", d, d),
			fmt.Sprintf("  %%6 = mul %%1, %%4 : f32[B, L, %d]", d),
			fmt.Sprintf("  %%7 = add %%6, %%5 : f32[B, L, %d]", d),
			"  return %2, %7")
	}
	for _, r := range []string{"sum", "mean"} {
		d, e := dims(rng), dims(rng)
		ft := fmt.Sprintf("f32[B, L, %d, %d]", d, e)
		add(r, fmt.Sprintf("%s of x[B, L, %d, %d] along each axis", r, d, e), tolSum,
			fmt.Sprintf("%%1 x: %s) -> (a: f32[L, %d, %d], b: f32[B, %d, %d], c: f32[B, L, 1, %d], d: f32[B, L, %d])", ft, d, e, d, e, e, d),
			fmt.Sprintf("  %%2 = %s %%1 {axis=0} : f32[L, %d, %d]", r, d, e),
			fmt.Sprintf("  %%3 = %s %%1 {axis=1} : f32[B, %d, %d]", r, d, e),
			fmt.Sprintf("  %%4 = %s %%1 {axis=2, keepdim=true} : f32[B, L, 1, %d]", r, e),
			fmt.Sprintf("  %%5 = %s %%1 {axis=-1} : f32[B, L, %d]", r, d),
			"  return %2, %3, %4, %5")
	}
	{
		d, e := dims(rng), dims(rng)
		ft := fmt.Sprintf("f32[B, L, %d, %d]", d, e)
		add("cumsum", fmt.Sprintf("cumsum of x[B, L, %d, %d] along the sequence (streamed) and the features", d, e), tolSum,
			fmt.Sprintf("%%1 x: %s) -> (a: %s, b: %s, c: f32[B, L])", ft, ft, ft),
			fmt.Sprintf("  %%2 = cumsum %%1 {axis=1} : %s", ft),
			fmt.Sprintf("  %%3 = cumsum %%1 {axis=-2} : %s", ft),
			// a running count of the positions, as GAM's positions
			"  %4 = const {value=1.0} : f32[]",
			"  %5 = broadcast_to %4 {shape=#[B, L]} : f32[B, L]",
			"  %6 = cumsum %5 {axis=1} : f32[B, L]",
			"  return %2, %3, %6")
	}
	return cs
}
