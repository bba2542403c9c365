package dsl_test

import (
	"testing"

	"github.com/seqc-dev/seqc/dsl"
)

// TestFormatComments pins where comments land when the formatter rejoins
// lines: none is lost, none is joined onto another comment.
func TestFormatComments(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"call split over lines",
			"model M(d: int = 4) {\n    forward(x: f32[B, d]) -> f32[B, d] {\n        y = add(x,   // the input\n                x)   // twice\n        return y\n    }\n}\n",
			"model M(d: int = 4) {\n    forward(x: f32[B, d]) -> f32[B, d] {\n        // the input\n        y = add(x, x)  // twice\n        return y\n    }\n}\n"},
		{"scan body keeps its comments",
			"model M(d: int = 4) {\n    forward(x: f32[B, L, d]) -> f32[B, L, d] {\n        h, out = scan(broadcast_to(0.0, [B, d]), over: [x]) { (h, xt) ->\n            // carry\n            hn = h + xt  // sum\n            return hn, hn\n        }\n        return out\n    }\n}\n",
			"model M(d: int = 4) {\n    forward(x: f32[B, L, d]) -> f32[B, L, d] {\n        h, out = scan(broadcast_to(0.0, [B, d]), over: [x]) { (h, xt) ->\n            // carry\n            hn = h + xt  // sum\n            return hn, hn\n        }\n        return out\n    }\n}\n"},
		{"hyperparameter list",
			"model M(\n    d: int = 4,  // width\n    // depth\n    n: int = 2\n) {\n    forward(x: f32[B, d]) -> f32[B, d] {\n        return x\n    }\n}\n",
			"model M(\n    d: int = 4,  // width\n    // depth\n    n: int = 2,\n) {\n    forward(x: f32[B, d]) -> f32[B, d] {\n        return x\n    }\n}\n"},
	}
	for _, c := range cases {
		f, err := dsl.ParseSource("in.seq", []byte(c.in))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := string(dsl.Format(f)); got != c.want {
			t.Errorf("%s: formatted\n%s\nwant\n%s", c.name, got, c.want)
		}
	}
}
