package ir

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

const sampleModule = `module M

hyper d: int = 4
hyper eps: float = 1e-05

param "w": f32[4, 4] init "normal(std=0.02)"
param "v": f32[4, 4] tied "w"

func forward(%1 x: f32[B, L, 4]) -> (output: f32[B, L, 4], s: f32[B, 4, 1]) {
  %2 = param {name="w"} : f32[4, 4]
  %3 = linear %1, %2 : f32[B, L, 4] @m.seq:3:4
  %4 = const {value=1.0} : f32[]
  %5 = reshape %4 {shape=#[1, 1, 1, 1]} : f32[1, 1, 1, 1]
  %6, %7 = ssm %3, %5, %5, %5 {final_state=true} : f32[B, L, 4], f32[B, 4, 1]
  %8 = slice %6 {axis=1, start=#0, stop=#L-1} : f32[B, L-1, 4]
  %9 = concat %8, %8 {axis=1} : f32[B, 2*L-2, 4]
  %12, %13 = scan %4, %3 {carries=1} : f32[], f32[B, L, 4] {
    ^(%10: f32[], %11: f32[B, 4]):
    yield %10, %11
  }
  return %13, %7
}
`

// FuzzParseIR: no input may panic or hang the IR parser, and whatever
// parses prints to text that parses to the same text.
func FuzzParseIR(f *testing.F) {
	f.Add(sampleModule)
	f.Add("module x\n")
	f.Add(strings.Replace(sampleModule, "%3 = linear", "%3 = nope", 1))
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 8192 {
			return
		}
		done := make(chan string, 1)
		go func() {
			m, err := Parse(src)
			if err != nil {
				done <- ""
				return
			}
			text := m.String()
			back, err := Parse(text)
			switch {
			case err != nil:
				done <- fmt.Sprintf("printed IR does not parse: %v\n%s", err, text)
			case back.String() != text:
				done <- fmt.Sprintf("round trip differs:\n%s\nvs\n%s", text, back.String())
			default:
				done <- ""
			}
		}()
		select {
		case msg := <-done:
			if msg != "" {
				t.Fatal(msg)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("parser hangs")
		}
	})
}

func TestSampleModuleRoundTrip(t *testing.T) {
	m, err := Parse(sampleModule)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.String(); got != sampleModule {
		t.Errorf("round trip differs:\n%s", got)
	}
}

func TestVerifierRejects(t *testing.T) {
	bad := map[string]string{
		"use before def":  strings.Replace(sampleModule, "%3 = linear %1, %2", "%3 = linear %1, %9", 1),
		"wrong type":      strings.Replace(sampleModule, "%3 = linear %1, %2 : f32[B, L, 4]", "%3 = linear %1, %2 : f32[B, L, 5]", 1),
		"unknown attr":    strings.Replace(sampleModule, "{name=\"w\"}", "{name=\"w\", x=1}", 1),
		"attr kind":       strings.Replace(sampleModule, "{axis=1}", "{axis=1.5}", 1),
		"arity":           strings.Replace(sampleModule, "linear %1, %2 :", "linear %1 :", 1),
		"unknown param":   strings.Replace(sampleModule, "{name=\"w\"}", "{name=\"q\"}", 1),
		"bad tie":         strings.Replace(sampleModule, "tied \"w\"", "tied \"zz\"", 1),
		"duplicate value": strings.Replace(sampleModule, "%4 = const", "%3 = const", 1),
	}
	for name, src := range bad {
		if _, err := Parse(src); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
