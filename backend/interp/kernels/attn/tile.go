package attn

// Inner loops shared by Materialized and Flash: the scores of one query
// against a run of keys, and the weighted sum of the matching value rows.
// Both work on four keys at once so each load of q or of out serves four
// multiply-adds instead of one.

// scoreRun sets s[j-j0] = Scale·(q·k_j) for keys j in [j0, j1) of head hv,
// or -inf where the key is padded. Every score is summed over D in the same
// sequential order whether or not its key falls in a group of four, so a
// key's score does not depend on how the keys were tiled.
func (a *Attention) scoreRun(hv headView, q []float32, j0, j1 int, s []float32) {
	D, ks := a.D, hv.ks
	j := j0
	for ; j+4 <= j1; j += 4 {
		base := hv.k + j*ks
		s0, s1, s2, s3 := dot4(q, a.K[base:][:D], a.K[base+ks:][:D], a.K[base+2*ks:][:D], a.K[base+3*ks:][:D])
		s[j-j0], s[j-j0+1], s[j-j0+2], s[j-j0+3] = s0*a.Scale, s1*a.Scale, s2*a.Scale, s3*a.Scale
	}
	for ; j < j1; j++ {
		s[j-j0] = dotSeq(q, a.K[hv.k+j*ks:][:D]) * a.Scale
	}
	if hv.pad != nil {
		for j := j0; j < j1; j++ {
			if hv.pad[j] != 0 {
				s[j-j0] = negInf
			}
		}
	}
}

// accumulateRun adds Σ_j w[j-j0]·v_j to out over keys j in [j0, j1) of head
// hv. Keys with weight 0 (masked ones, or an exp that underflowed) are
// skipped, so the value rows of padded keys are never read: they may hold
// anything, even Inf or NaN.
func (a *Attention) accumulateRun(hv headView, w []float32, j0, j1 int, out []float32) {
	var idx [4]int
	n := 0
	for j := j0; j < j1; j++ {
		if w[j-j0] == 0 {
			continue
		}
		idx[n] = j
		n++
		if n == 4 {
			axpy4(w[idx[0]-j0], w[idx[1]-j0], w[idx[2]-j0], w[idx[3]-j0],
				a.vRow(hv, idx[0]), a.vRow(hv, idx[1]), a.vRow(hv, idx[2]), a.vRow(hv, idx[3]), out)
			n = 0
		}
	}
	for _, j := range idx[:n] {
		axpy(w[j-j0], a.vRow(hv, j), out)
	}
}

// vRow returns value row j of head hv.
func (a *Attention) vRow(hv headView, j int) []float32 {
	return a.V[hv.v+j*hv.vs:][:a.Dv]
}
