package zz

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seqc-dev/seqc/dsl"
)

func TestFmtAll(t *testing.T) {
	var paths []string
	for _, g := range []string{"../../golden/errorcheck/*.seq", "../../stdlib/*.seq", "../../examples/*/*.seq", "/tmp/fmtcases/*.seq"} {
		m, _ := filepath.Glob(g)
		paths = append(paths, m...)
	}
	for _, p := range paths {
		src, _ := os.ReadFile(p)
		f, err := dsl.ParseSource(p, src)
		if err != nil {
			continue
		}
		out := dsl.Format(f)
		f2, err := dsl.ParseSource(p, out)
		if err != nil {
			fmt.Printf("%s: formatted does not parse: %v\n%s\n", p, err, out)
			continue
		}
		out2 := dsl.Format(f2)
		if !bytes.Equal(out, out2) {
			fmt.Printf("%s: not idempotent\n--once\n%s\n--twice\n%s\n", p, out, out2)
		}
		if strings.Count(string(src), "//") != strings.Count(string(out), "//") {
			fmt.Printf("%s: comment count %d -> %d\n--src\n%s\n--out\n%s\n", p, strings.Count(string(src), "//"), strings.Count(string(out), "//"), src, out)
		}
		if os.Getenv("SHOW") != "" {
			fmt.Printf("== %s\n%s", p, out)
		}
	}
}
