package ssm

import "fmt"

// View is a strided float32 view of a logical [B, L, C, N] array (x and y use
// only [B, L, C]). The element (b, t, c, n) is at
// Data[Off + b*SB + t*SL + CO[c] + n*SN]. A stride of 0 broadcasts that axis.
// CO holds the offset of each channel (len C): channels may be a flattening of
// several axes, some of them broadcast, which is why it is a table and not a
// stride. Strides may be negative (a time-flipped view has SL < 0).
//
// Complex views hold (re, im) pairs: the real part is at the computed index and
// the imaginary part at index+1 (strides count float32s, so a contiguous
// complex array has stride 2 on its last axis).
type View struct {
	Data    []float32
	Off     int
	SB, SL  int
	CO      []int
	SN      int
	Complex bool
}

// index returns the position of the real part of element (b, t, c, n).
func (v *View) index(b, t, c, n int) int {
	return v.Off + b*v.SB + t*v.SL + v.CO[c] + n*v.SN
}

// check verifies that the view has a channel table of length c and that every
// element of the logical [b, l, c, n] array lies inside Data. name is used in
// the error message.
func (v *View) check(name string, b, l, c, n int) error {
	if len(v.CO) != c {
		return fmt.Errorf("ssm: %s: len(CO) = %d, want C = %d", name, len(v.CO), c)
	}
	if b == 0 || l == 0 || c == 0 || n == 0 {
		return nil // no element is ever read or written
	}
	lo, hi := v.Off, v.Off
	for _, ax := range [3][2]int{{b, v.SB}, {l, v.SL}, {n, v.SN}} {
		ext := (ax[0] - 1) * ax[1]
		if ext < 0 {
			lo += ext
		} else {
			hi += ext
		}
	}
	cmin, cmax := v.CO[0], v.CO[0]
	for _, o := range v.CO[1:] {
		cmin = min(cmin, o)
		cmax = max(cmax, o)
	}
	lo += cmin
	hi += cmax
	if v.Complex {
		hi++ // the imaginary part follows the real part
	}
	if lo < 0 || hi >= len(v.Data) {
		return fmt.Errorf("ssm: %s: view spans Data[%d..%d], len(Data) = %d", name, lo, hi, len(v.Data))
	}
	return nil
}
