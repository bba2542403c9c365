package llvm

import (
	"os"
	"runtime"
	"strings"

	"golang.org/x/sys/cpu"
)

// HostVariant is the best kernel variant this CPU runs: V4 where it has the
// AVX-512 subsets x86-64-v4 names (F, BW, CD, DQ, VL), V3 where it has AVX2
// and FMA, else "" (no native kernels; the interpreter runs everything).
// It reads CPU features (golang.org/x/sys/cpu), never the CPU's name.
func HostVariant() string {
	x := cpu.X86
	switch {
	case runtime.GOARCH != "amd64":
		return ""
	case x.HasAVX512F && x.HasAVX512BW && x.HasAVX512CD && x.HasAVX512DQ && x.HasAVX512VL && x.HasAVX2 && x.HasFMA:
		return V4
	case x.HasAVX2 && x.HasFMA && x.HasBMI2:
		return V3
	}
	return ""
}

// v3Flags are the /proc/cpuinfo flags of the x86-64-v3 level that the
// emitted code (target-cpu x86-64-v3) may use: AVX2 and FMA, plus AVX, BMI1/2,
// F16C, LZCNT (abm), MOVBE and XSAVE, which llc may also pick.
var v3Flags = []string{"avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "abm", "movbe", "xsave"}

// HostSupportsAVX2 reports whether this machine can run code compiled for
// x86-64-v3 (AVX2 and FMA among others), by reading the flags of
// /proc/cpuinfo. It returns false on other systems or architectures, and when
// the file cannot be read.
func HostSupportsAVX2() bool {
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		return false
	}
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return false
	}
	return cpuinfoHasV3(string(data))
}

// cpuinfoHasV3 reports whether every processor listed in a /proc/cpuinfo text
// has all of v3Flags (and at least one processor is listed).
func cpuinfoHasV3(cpuinfo string) bool {
	seen := false
	for _, line := range strings.Split(cpuinfo, "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(key) != "flags" {
			continue
		}
		seen = true
		have := map[string]bool{}
		for _, f := range strings.Fields(val) {
			have[f] = true
		}
		for _, f := range v3Flags {
			if !have[f] {
				return false
			}
		}
	}
	return seen
}
