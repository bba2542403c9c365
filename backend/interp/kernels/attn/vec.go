package attn

// Small dense helpers shared by the kernels. Each sums in a fixed order, so
// results are deterministic. The *4 forms handle four vectors per pass, so
// each load or store of the shared operand serves four multiply-adds.

// dot returns Σ a[i]·b[i] over len(a) elements; b must be at least as long.
// Four independent partial sums keep it off one chain of dependent adds.
func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// axpy computes y += alpha·x over len(y) elements; x must be at least as long.
func axpy(alpha float32, x, y []float32) {
	x = x[:len(y)]
	i := 0
	for ; i+4 <= len(y); i += 4 {
		y[i] += alpha * x[i]
		y[i+1] += alpha * x[i+1]
		y[i+2] += alpha * x[i+2]
		y[i+3] += alpha * x[i+3]
	}
	for ; i < len(y); i++ {
		y[i] += alpha * x[i]
	}
}

// scal computes x *= alpha.
func scal(alpha float32, x []float32) {
	for i := range x {
		x[i] *= alpha
	}
}

// accRows computes out += Σ_r c[r]·m[r·stride : r·stride+len(out)], a
// vector-times-matrix product over the rows of m, four rows per pass so each
// load and store of out serves four multiply-adds.
func accRows(out, c, m []float32, stride int) {
	n := len(out)
	r := 0
	for ; r+4 <= len(c); r += 4 {
		b := r * stride
		axpy4(c[r], c[r+1], c[r+2], c[r+3], m[b:][:n], m[b+stride:][:n], m[b+2*stride:][:n], m[b+3*stride:][:n], out)
	}
	for ; r < len(c); r++ {
		axpy(c[r], m[r*stride:][:n], out)
	}
}

// dotSeq returns Σ q[i]·k[i] summed in index order.
func dotSeq(q, k []float32) float32 {
	k = k[:len(q)]
	var s float32
	for i, x := range q {
		s += x * k[i]
	}
	return s
}

// dot4 returns the dot products of q with four keys, each summed in index
// order exactly as dotSeq does.
func dot4(q, k0, k1, k2, k3 []float32) (s0, s1, s2, s3 float32) {
	n := len(q)
	k0, k1, k2, k3 = k0[:n], k1[:n], k2[:n], k3[:n]
	for i, x := range q {
		s0 += x * k0[i]
		s1 += x * k1[i]
		s2 += x * k2[i]
		s3 += x * k3[i]
	}
	return
}

// axpy4 computes out += w0·v0 + w1·v1 + w2·v2 + w3·v3.
func axpy4(w0, w1, w2, w3 float32, v0, v1, v2, v3, out []float32) {
	n := len(out)
	v0, v1, v2, v3 = v0[:n], v1[:n], v2[:n], v3[:n]
	for i := range out {
		out[i] += (w0*v0[i] + w1*v1[i]) + (w2*v2[i] + w3*v3[i])
	}
}
