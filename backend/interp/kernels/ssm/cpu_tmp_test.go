package ssm

import (
	"math/rand"
	"syscall"
	"testing"
	"time"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestTmpCPU(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	s := randSelective(rng, 1, 2048, 1536, 16, 1, true, true, false)
	s.Threads = 1
	SelectiveScan(s)
	tiles := []int{16, 32, 64}
	best := map[int]time.Duration{}
	for i := 0; i < 8; i++ {
		for _, ts := range tiles {
			selTile = ts
			c0 := cpuNow()
			SelectiveScan(s)
			d := cpuNow() - c0
			if b, ok := best[ts]; !ok || d < b {
				best[ts] = d
			}
		}
	}
	t.Logf("cpu per op: %v", best)
}
