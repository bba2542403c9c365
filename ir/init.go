package ir

// Initializers lists the parameter initialisers the language knows, with
// the names of their arguments in order. The checker validates calls against
// it; `seqc init` implements each one.
var Initializers = map[string][]string{
	"zeros":           nil,
	"ones":            nil,
	"constant":        {"value"},
	"normal":          {"std", "mean"},
	"uniform":         {"low", "high"},
	"kaiming_uniform": {"fan_in"},
	"xavier_uniform":  nil,
	"lecun_normal":    nil,
	"log_uniform":     {"low", "high"},
	"arange":          {"start", "step"},
	"mamba_a_log":     nil,
	"mamba_dt_bias":   {"dt_min", "dt_max", "floor"},
	"s4d_log_a_real":  nil,
	"s4d_a_imag":      nil,
}
