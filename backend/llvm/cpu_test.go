package llvm

import (
	"strings"
	"testing"
)

func TestCPUInfoParsing(t *testing.T) {
	v3 := "flags\t\t: fpu sse2 avx avx2 fma bmi1 bmi2 f16c abm movbe xsave popcnt"
	noFMA := strings.Replace(v3, " fma", "", 1)
	for _, tc := range []struct {
		name, info string
		want       bool
	}{
		{"v3", "processor\t: 0\n" + v3 + "\n\nprocessor\t: 1\n" + v3 + "\n", true},
		{"no fma", "processor\t: 0\n" + noFMA + "\n", false},
		{"one core lacks avx2", v3 + "\n" + strings.Replace(v3, " avx2", "", 1) + "\n", false},
		{"no flags line", "processor\t: 0\nmodel name\t: x\n", false},
		{"empty", "", false},
	} {
		if got := cpuinfoHasV3(tc.info); got != tc.want {
			t.Errorf("%s: cpuinfoHasV3 = %v, want %v", tc.name, got, tc.want)
		}
	}
	t.Logf("HostSupportsAVX2() = %v", HostSupportsAVX2())
}
