package driver

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"github.com/seqc-dev/seqc/ir"
	"github.com/seqc-dev/seqc/runtime"
)

// InitWeights creates every untied parameter of m from its initialiser.
// Each parameter draws from its own generator, seeded by seed and the
// parameter's name, so the values do not depend on declaration order and
// the same seed always gives the same bytes.
func InitWeights(m *ir.Module, seed uint64) (map[string]*runtime.Tensor, error) {
	return InitWeightsBudget(m, seed, nil)
}

// InitWeightsBudget is InitWeights that first counts the parameters' memory
// against the budget (nil: no limit), so that a model too large for the
// machine is refused before anything is allocated.
func InitWeightsBudget(m *ir.Module, seed uint64, b *runtime.Budget) (map[string]*runtime.Tensor, error) {
	return InitWeightsProgress(m, seed, b, nil)
}

// InitWeightsProgress is InitWeightsBudget that reports the bytes made so
// far to p (nil: to no one).
func InitWeightsProgress(m *ir.Module, seed uint64, b *runtime.Budget, p *Progress) (map[string]*runtime.Tensor, error) {
	count, bytes, err := ParamCount(m)
	if err != nil {
		return nil, err
	}
	if err := b.Take(fmt.Sprintf("the %d parameters of %s (%s)", count, m.Name, hyperSummary(m)), bytes); err != nil {
		return nil, err
	}
	p.Phase("initialising "+m.Name, bytes, "bytes")
	out := map[string]*runtime.Tensor{}
	for _, prm := range m.Params {
		if prm.TiedTo != "" {
			continue
		}
		shape, err := prm.Type.Shape.Eval(nil)
		if err != nil {
			return nil, err
		}
		p.Note(prm.Name)
		h := fnv.New64a()
		h.Write([]byte(prm.Name))
		rng := rand.New(rand.NewPCG(seed, h.Sum64()))
		t := runtime.New(runtime.DType(prm.Type.DType), shape...)
		if err := initTensor(t, prm.Init, rng); err != nil {
			return nil, fmt.Errorf("%s: parameter %s: %w", prm.Pos, prm.Name, err)
		}
		out[prm.Name] = t
		p.Add(4 * int64(t.Numel()))
	}
	return out, nil
}

// parseInit splits "normal(mean=0, std=0.02)" into a name and arguments.
func parseInit(spec string) (string, map[string]float64, error) {
	name, rest, ok := strings.Cut(spec, "(")
	if !ok || !strings.HasSuffix(rest, ")") {
		return "", nil, fmt.Errorf("bad initialiser %q", spec)
	}
	args := map[string]float64{}
	body := strings.TrimSuffix(rest, ")")
	if strings.TrimSpace(body) != "" {
		for _, kv := range strings.Split(body, ",") {
			k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
			f, err := strconv.ParseFloat(v, 64)
			if !ok || err != nil {
				return "", nil, fmt.Errorf("bad initialiser argument %q in %q", kv, spec)
			}
			args[k] = f
		}
	}
	return name, args, nil
}

func arg(args map[string]float64, k string, def float64) float64 {
	if v, ok := args[k]; ok {
		return v
	}
	return def
}

// fanIn is the input size PyTorch and flax use for a weight: the second
// axis of a PyTorch weight [out, in, ...], the first of a flax kernel [in, out].
func fanIn(shape []int) int {
	n := 1
	for _, d := range shape[1:] {
		n *= d
	}
	if len(shape) < 2 {
		return max(1, shape[0])
	}
	return max(1, n)
}

func initTensor(t *runtime.Tensor, spec string, rng *rand.Rand) error {
	if spec == "" {
		spec = "zeros()"
	}
	name, args, err := parseInit(spec)
	if err != nil {
		return err
	}
	if t.DType != runtime.F32 {
		return fmt.Errorf("initialisers fill f32 tensors, not %s", t.DType)
	}
	last := 1
	if len(t.Shape) > 0 {
		last = t.Shape[len(t.Shape)-1]
	}
	fill := func(f func(i int) float64) {
		for i := range t.F {
			t.F[i] = float32(f(i))
		}
	}
	uniform := func(lo, hi float64) func(int) float64 {
		return func(int) float64 { return lo + (hi-lo)*rng.Float64() }
	}
	switch name {
	case "zeros":
	case "ones":
		fill(func(int) float64 { return 1 })
	case "constant":
		fill(func(int) float64 { return arg(args, "value", 0) })
	case "normal":
		fill(func(int) float64 { return arg(args, "mean", 0) + arg(args, "std", 1)*rng.NormFloat64() })
	case "uniform":
		fill(uniform(arg(args, "low", 0), arg(args, "high", 1)))
	case "kaiming_uniform": // PyTorch's default for Linear/Conv: a=sqrt(5) gives bound 1/sqrt(fan_in)
		b := 1 / math.Sqrt(arg(args, "fan_in", float64(fanIn(t.Shape))))
		fill(uniform(-b, b))
	case "xavier_uniform":
		fin, fout := fanIn(t.Shape), t.Shape[0]
		b := math.Sqrt(6 / float64(fin+fout))
		fill(uniform(-b, b))
	case "lecun_normal":
		std := 1 / math.Sqrt(float64(t.Shape[0]))
		fill(func(int) float64 { return std * rng.NormFloat64() })
	case "log_uniform":
		lo, hi := math.Log(arg(args, "low", 1e-3)), math.Log(arg(args, "high", 1e-1))
		fill(func(int) float64 { return math.Exp(lo + (hi-lo)*rng.Float64()) })
	case "arange":
		fill(func(i int) float64 { return arg(args, "start", 0) + arg(args, "step", 1)*float64(i%last) })
	case "mamba_a_log": // S4D-real: A = -(n+1) along the state axis
		fill(func(i int) float64 { return math.Log(float64(i%last + 1)) })
	case "mamba_dt_bias": // softplus(bias) = dt, dt log-uniform in [dt_min, dt_max]
		lo, hi := math.Log(arg(args, "dt_min", 1e-3)), math.Log(arg(args, "dt_max", 1e-1))
		floor := arg(args, "floor", 1e-4)
		fill(func(int) float64 {
			dt := math.Max(math.Exp(lo+(hi-lo)*rng.Float64()), floor)
			return dt + math.Log(-math.Expm1(-dt))
		})
	case "s4d_log_a_real":
		fill(func(int) float64 { return math.Log(0.5) })
	case "s4d_a_imag":
		fill(func(i int) float64 { return math.Pi * float64(i%last) })
	default:
		names := make([]string, 0, len(ir.Initializers))
		for k := range ir.Initializers {
			names = append(names, k)
		}
		sort.Strings(names)
		return fmt.Errorf("unknown initialiser %s (known: %s)", name, strings.Join(names, ", "))
	}
	return nil
}
