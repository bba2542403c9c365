package ir

import (
	"strings"
	"testing"
)

// TestVisionTypes: the output sizes of conv2d and the pools (PyTorch's
// formula, exact division for a symbolic width) and their type errors.
func TestVisionTypes(t *testing.T) {
	// The CRNN's width arithmetic: W/2, W/4, W/4+1, W/4+2, then W/4+1.
	langModule(t, "%1 x: f32[B, 1, 32, W], %2 w: f32[4, 1, 3, 3], %3 b: f32[4], %4 v: f32[4, 4, 2, 2]) -> (y: f32[B, 4, 1, W/4+1], a: f32[B, 4, 16, W])",
		"  %5 = conv2d %1, %2, %3 {padding=[1, 1]} : f32[B, 4, 32, W]\n"+
			"  %6 = max_pool2d %5 {kernel=[2, 2]} : f32[B, 4, 16, W/2]\n"+
			"  %7 = max_pool2d %6 {kernel=[2, 2]} : f32[B, 4, 8, W/4]\n"+
			"  %8 = max_pool2d %7 {kernel=[2, 2], padding=[0, 1], stride=[2, 1]} : f32[B, 4, 4, W/4+1]\n"+
			"  %9 = max_pool2d %8 {kernel=[2, 2], padding=[0, 1], stride=[2, 1]} : f32[B, 4, 2, W/4+2]\n"+
			"  %10 = conv2d %9, %4 : f32[B, 4, 1, W/4+1]\n"+
			"  %11 = avg_pool2d %5 {exclude_pad=true, kernel=[3, 3], padding=[1, 1], stride=[2, 1]} : f32[B, 4, 16, W]\n"+
			"  return %10, %11\n")
	// Known sizes round down; groups and dilation.
	langModule(t, "%1 x: f32[2, 6, 7, 9], %2 w: f32[4, 3, 3, 2]) -> (y: f32[2, 4, 2, 4])",
		"  %3 = conv2d %1, %2 {dilation=[2, 1], groups=2, stride=[2, 2]} : f32[2, 4, 2, 4]\n  return %3\n")
	for _, c := range []struct{ sig, body, want string }{
		{"%1 x: f32[B, 3, 8, 8], %2 w: f32[4, 2, 3, 3]) -> (y: f32[B, 4, 6, 6])", "  %3 = conv2d %1, %2 : f32[B, 4, 6, 6]\n  return %3\n", "mismatched channels in conv2d"},
		{"%1 x: f32[B, 4, 8, 8], %2 w: f32[3, 2, 3, 3]) -> (y: f32[B, 3, 6, 6])", "  %3 = conv2d %1, %2 {groups=2} : f32[B, 3, 6, 6]\n  return %3\n", "do not split into 2 groups"},
		{"%1 x: f32[B, 2, 8, 8], %2 w: f32[3, 2, 3, 3], %3 b: f32[2]) -> (y: f32[B, 3, 6, 6])", "  %4 = conv2d %1, %2, %3 : f32[B, 3, 6, 6]\n  return %4\n", "conv2d's bias must be f32[3]"},
		{"%1 x: f32[B, 2, 2, W], %2 w: f32[3, 2, 3, 3]) -> (y: f32[B, 3, 1, W])", "  %3 = conv2d %1, %2 : f32[B, 3, 1, W]\n  return %3\n", "a kernel spanning 3 is larger than the input's 2"},
		{"%1 x: f32[B, 2, 8, W]) -> (y: f32[B, 2, 3, W])", "  %2 = max_pool2d %1 {kernel=[3, 3], stride=[2, 2]} : f32[B, 2, 3, W]\n  return %2\n", "is not a dimension"},
		{"%1 x: f32[B, 8, 8]) -> (y: f32[B, 4, 4])", "  %2 = avg_pool2d %1 {kernel=[2, 2]} : f32[B, 4, 4]\n  return %2\n", "needs an image [B, C, H, W] (rank 4)"},
		{"%1 x: f32[B, 2, 8, 8]) -> (y: f32[B, 2, 4, 4])", "  %2 = max_pool2d %1 {kernel=[2, 2, 2]} : f32[B, 2, 4, 4]\n  return %2\n", "must be one number or a pair"},
		{"%1 x: f32[B, 2, 8, 8]) -> (y: f32[B, 2, 8, 8])", "  %2 = max_pool2d %1 {kernel=[2, 2], stride=[0, 1]} : f32[B, 2, 8, 8]\n  return %2\n", "needs a stride >= 1"},
		{"%1 x: f32[B, 4, 8, 8], %2 w: f32[4, 4, 3, 3]) -> (y: f32[B, 4, 6, 6])", "  %3 = conv2d %1, %2 {groups=0} : f32[B, 4, 6, 6]\n  return %3\n", "needs groups >= 1"},
	} {
		m, err := Parse("module M\n\nfunc forward(" + c.sig + " {\n" + c.body + "}\n")
		if err == nil {
			err = Verify(m)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", strings.TrimSpace(c.body), err, c.want)
		}
	}
}

// TestVisionStepRules: pools stream along their channels and a window one
// position wide is position-wise; a wider window along the sequence, or a
// conv2d summing over it, is refused.
func TestVisionStepRules(t *testing.T) {
	for _, c := range []struct {
		name, sig, body string
		refusal         string
	}{
		{"pool over channels", "%1 x: f32[B, L, 6, 6]) -> (y: f32[B, L, 3, 3])",
			"  %2 = max_pool2d %1 {kernel=[2, 2]} : f32[B, L, 3, 3]\n  return %2\n", ""},
		{"a column-wide window", "%1 x: f32[B, 3, 6, L], %2 w: f32[4, 3, 3, 1]) -> (y: f32[B, 4, 6, L])",
			"  %3 = conv2d %1, %2 {padding=[1, 0]} : f32[B, 4, 6, L]\n  return %3\n", ""},
		{"a 3-wide window", "%1 x: f32[B, 3, 6, L], %2 w: f32[4, 3, 3, 3]) -> (y: f32[B, 4, 6, L])",
			"  %3 = conv2d %1, %2 {padding=[1, 1]} : f32[B, 4, 6, L]\n  return %3\n", "slides a window of 3 (stride 1, padding 1) along the sequence axis (the image's W, axis 3)"},
		{"conv2d over channels", "%1 x: f32[B, L, 6, 6], %2 w: f32[4, 5, 1, 1]) -> (y: f32[B, 4, 6, 6])",
			"  %3 = conv2d %1, %2 : f32[B, 4, 6, 6]\n  return %3\n", ""},
	} {
		m, err := Parse("module M\n\nfunc forward(" + c.sig + " {\n" + c.body + "}\n")
		if err == nil {
			err = Verify(m)
		}
		if c.name == "conv2d over channels" {
			// Channels must be known: a symbolic channel axis is a type
			// error before any step rule.
			if err == nil || !strings.Contains(err.Error(), "known channel counts") {
				t.Errorf("%s: got %v", c.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		_, err = StepPlan(m.Funcs[0])
		switch {
		case c.refusal == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.refusal != "" && (err == nil || !strings.Contains(err.Error(), c.refusal)):
			t.Errorf("%s: got %v, want %q", c.name, err, c.refusal)
		}
	}
}
