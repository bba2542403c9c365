package zz

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/seqc-dev/seqc/dsl"
)

var tokRx = regexp.MustCompile(`"[^"\n]*"|[A-Za-z_][A-Za-z0-9_]*|\d+\.\d+|\d+|->|\.\.|==|!=|<=|>=|&&|\|\||[^\sA-Za-z0-9_]|\s+`)

func try(src string) (msg string) {
	done := make(chan string, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- fmt.Sprintf("PANIC %v\n%s", p, debug.Stack())
			}
		}()
		prog, err := dsl.LoadSource("m.seq", []byte(src))
		if err != nil {
			if strings.Contains(err.Error(), "internal compiler error") && !strings.Contains(err.Error(), "did not progress") {
				done <- "ICE " + err.Error()
				return
			}
			done <- ""
			return
		}
		_, err = dsl.Lower(prog, dsl.Options{})
		if err != nil && strings.Contains(err.Error(), "internal compiler error") {
			done <- "ICE " + err.Error()
			return
		}
		if err != nil {
			if _, ok := err.(dsl.ErrorList); !ok {
				if _, ok := err.(*dsl.Error); !ok {
					done <- "UNPOSITIONED " + err.Error()
					return
				}
			}
		}
		done <- ""
	}()
	select {
	case m := <-done:
		return m
	case <-time.After(5 * time.Second):
		return "HANG"
	}
}

func TestMutate(t *testing.T) {
	var paths []string
	for _, g := range []string{"../../golden/errorcheck/*.seq", "../../examples/*/*.seq"} {
		m, _ := filepath.Glob(g)
		paths = append(paths, m...)
	}
	var srcs [][]string
	var pool []string
	for _, p := range paths {
		b, _ := os.ReadFile(p)
		s := string(b)
		if strings.Contains(s, "huge_range") || strings.Contains(s, "x[]") || strings.Contains(s, "x[0, ,") || strings.Contains(s, "0..1000000") {
			continue
		}
		toks := tokRx.FindAllString(s, -1)
		srcs = append(srcs, toks)
		for _, tk := range toks {
			if strings.TrimSpace(tk) != "" {
				pool = append(pool, tk)
			}
		}
	}
	extra := []string{"0", "-1", "None", "..", "[", "]", "(", ")", ",", ":", "B", "L", "x", "d", "true", "\"\"", "init", "forward", "scan", "@mode(scan)", "@chunk(4)", "1.5", "[]", "[1, 2]", "x.shape", "0..3"}
	pool = append(pool, extra...)
	r := rand.New(rand.NewSource(int64(os.Getpid())))
	seen := map[string]bool{}
	deadline := time.Now().Add(100 * time.Second)
	n := 0
	for time.Now().Before(deadline) {
		toks := append([]string{}, srcs[r.Intn(len(srcs))]...)
		for k := 0; k < 1+r.Intn(6); k++ {
			i := r.Intn(len(toks))
			if strings.TrimSpace(toks[i]) == "" {
				continue
			}
			switch r.Intn(4) {
			case 0:
				toks[i] = pool[r.Intn(len(pool))]
			case 1:
				toks[i] = extra[r.Intn(len(extra))]
			case 2:
				toks = append(toks[:i], toks[i+1:]...)
			case 3:
				toks = append(toks[:i], append([]string{pool[r.Intn(len(pool))], " "}, toks[i:]...)...)
			}
		}
		src := strings.Join(toks, "")
		n++
		if m := try(src); m != "" {
			key := m
			if len(key) > 120 {
				key = key[:120]
			}
			if i := strings.Index(key, "\n"); i > 0 {
				key = key[:i]
			}
			if !seen[key] {
				seen[key] = true
				fmt.Printf("=== %s\n--- src:\n%s\n--- %s\n\n", key, src, firstLines(m, 25))
			}
			if m == "HANG" {
				break
			}
		}
	}
	fmt.Println("runs", n)
}

func firstLines(s string, n int) string {
	l := strings.Split(s, "\n")
	if len(l) > n {
		l = l[:n]
	}
	return strings.Join(l, "\n")
}
