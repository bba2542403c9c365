package dsl

import (
	"fmt"
	"math"
	"strconv"
)

// coerceHyper checks a value against a declared hyperparameter type; an int
// is accepted where a float is declared.
func coerceHyper(typ string, v any) (any, error) {
	switch typ {
	case "int":
		if n, ok := v.(int); ok {
			return n, nil
		}
	case "float":
		switch x := v.(type) {
		case float64:
			return x, nil
		case int:
			return float64(x), nil
		}
	case "bool":
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case "string":
		if s, ok := v.(string); ok {
			return s, nil
		}
	default:
		return nil, fmt.Errorf("unknown hyperparameter type %q (want int, float, bool or string)", typ)
	}
	return nil, fmt.Errorf("want %s, got %s %s", typ, kindOf(v), formatValue(v))
}

// parseOverride reads a --set value for a hyperparameter of type typ.
func parseOverride(typ, s string) (any, error) {
	switch typ {
	case "int":
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Errorf("want an int, got %q", s)
		}
		return n, nil
	case "float":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("want a float, got %q", s)
		}
		return f, nil
	case "bool":
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("want true or false, got %q", s)
		}
		return b, nil
	case "string":
		return s, nil
	}
	return nil, fmt.Errorf("unknown hyperparameter type %q", typ)
}

// convertConfig maps a decoded JSON value onto a hyperparameter type.
func convertConfig(typ string, v any) (any, error) {
	switch x := v.(type) {
	case int:
		return coerceHyper(typ, x)
	case int64:
		return coerceHyper(typ, int(x))
	case float64:
		if typ == "int" {
			if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
				return nil, fmt.Errorf("want an int, got %v", x)
			}
			return int(x), nil
		}
		return coerceHyper(typ, x)
	case bool, string:
		return coerceHyper(typ, x)
	case nil:
		return nil, fmt.Errorf("want %s, got null", typ)
	case map[string]any:
		return nil, fmt.Errorf("want %s, got a JSON object (not supported by this model)", typ)
	case []any:
		return nil, fmt.Errorf("want %s, got a JSON array", typ)
	}
	return nil, fmt.Errorf("want %s, got %T", typ, v)
}
