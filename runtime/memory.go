package runtime

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
)

// MemoryShare is the share of the machine's memory (or of the cgroup's
// limit, when lower) that DefaultMaxMemory allows.
const MemoryShare = 0.75

// DefaultMaxMemory is the memory budget commands and generated packages use
// unless told otherwise (--max-memory, WithMaxMemory): MemoryShare of the
// machine's physical memory, or of the process's cgroup limit when that is
// lower. It is 0 (no limit) where neither can be read.
func DefaultMaxMemory() int64 {
	defaultMem.once.Do(func() {
		total := physicalMemory()
		if c := cgroupLimit(); c > 0 && (total == 0 || c < total) {
			total = c
		}
		defaultMem.n = int64(float64(total) * MemoryShare)
	})
	return defaultMem.n
}

var defaultMem struct {
	once sync.Once
	n    int64
}

// physicalMemory reads MemTotal from /proc/meminfo (0 where there is none).
func physicalMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(fields[1], 10, 64)
			if err == nil && kb > 0 && kb < math.MaxInt64/1024 {
				return kb * 1024
			}
		}
	}
	return 0
}

// cgroupLimit reads the memory limit of the process's cgroup (v2, then v1);
// 0 when there is none.
func cgroupLimit() int64 {
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := ReadFileLimit(p, 64, "a cgroup limit")
		if err != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err == nil && n > 0 && n < 1<<60 { // v1 says "no limit" with a huge number
			return n
		}
	}
	return 0
}

// ParseBytes reads a memory size: a number of bytes with an optional unit,
// B, K/KB/KiB, M/MB/MiB, G/GB/GiB, T/TB/TiB (all powers of 1024), e.g.
// "512MiB", "16G", "1.5GiB"; "0" means no limit.
func ParseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := len(t)
	for i > 0 && (t[i-1] < '0' || t[i-1] > '9') && t[i-1] != '.' {
		i--
	}
	num, unit := t[:i], strings.ToUpper(strings.TrimSpace(t[i:]))
	mult := map[string]float64{"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "KIB": 1 << 10, "M": 1 << 20, "MB": 1 << 20, "MIB": 1 << 20,
		"G": 1 << 30, "GB": 1 << 30, "GIB": 1 << 30, "T": 1 << 40, "TB": 1 << 40, "TIB": 1 << 40}[unit]
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || mult == 0 || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("bad memory size %q (want a number of bytes such as 512MiB, 16GiB or 0 for no limit)", s)
	}
	v := f * mult
	if v >= math.MaxInt64 {
		return math.MaxInt64, nil
	}
	return int64(v), nil
}

// MemoryError is a computation refused before it allocates, because it would
// need more memory than the budget allows.
type MemoryError struct {
	What  string // what needs it: "the parameters of MambaLM", "input x"
	Need  int64  // bytes it needs (math.MaxInt64: more than can be counted)
	Limit int64  // the budget
	Hint  string // how to get past it, if anything but --max-memory
}

func (e *MemoryError) Error() string {
	need := HumanBytes(e.Need)
	if e.Need == math.MaxInt64 {
		need = "more than 8 EiB"
	}
	s := fmt.Sprintf("%s would need %s of memory, more than the limit of %s (--max-memory, WithMaxMemory; the default is %.0f%% of the machine's memory)",
		e.What, need, HumanBytes(e.Limit), 100*MemoryShare)
	if e.Hint != "" {
		s += ": " + e.Hint
	}
	return s
}

// Budget counts the memory a command is about to allocate against a limit,
// so that it refuses with a clear error instead of running out of memory
// part way. A nil Budget or a limit <= 0 allows everything.
type Budget struct {
	Limit int64
	used  int64
}

// NewBudget returns a budget of limit bytes (<= 0: no limit).
func NewBudget(limit int64) *Budget { return &Budget{Limit: limit} }

// Take counts n more bytes for what, or fails with a *MemoryError when they
// do not fit in what is left.
func (b *Budget) Take(what string, n int64) error {
	if b == nil || b.Limit <= 0 {
		return nil
	}
	need := AddBytes(b.used, n)
	if need > b.Limit {
		return &MemoryError{What: what, Need: need, Limit: b.Limit}
	}
	b.used = need
	return nil
}

// Check is Take without keeping the bytes: whether n more bytes would fit.
func (b *Budget) Check(what string, n int64) error {
	if b == nil || b.Limit <= 0 {
		return nil
	}
	if need := AddBytes(b.used, n); need > b.Limit {
		return &MemoryError{What: what, Need: need, Limit: b.Limit}
	}
	return nil
}

// Used is the bytes taken so far.
func (b *Budget) Used() int64 {
	if b == nil {
		return 0
	}
	return b.used
}

// AddBytes adds non-negative byte counts, saturating at math.MaxInt64.
func AddBytes(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// MulBytes multiplies non-negative counts, saturating at math.MaxInt64.
func MulBytes(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt64/b {
		return math.MaxInt64
	}
	return a * b
}

// ShapeBytes is the size of a tensor of the given shape with elemSize-byte
// elements, saturating at math.MaxInt64.
func ShapeBytes(shape []int, elemSize int) int64 {
	n := int64(elemSize)
	for _, d := range shape {
		n = MulBytes(n, int64(max(d, 0)))
	}
	return n
}
