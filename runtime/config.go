package runtime

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
)

// DecodeConfig fills the fields of the struct that dst points to from a JSON
// object of hyperparameters, matching fields by their json tags. It reads an
// official config.json: keys that name no field are ignored, a value nested
// under "hyper" (seqc's reference fixtures) is used when present, integral
// floats fill int fields, and null or the string "auto" (Mamba's dt_rank)
// leave a field at its current value. A key given twice in one object is an
// error.
func DecodeConfig(data []byte, dst any) error {
	if _, err := ParseJSONObject(data); err != nil { // duplicate keys, at any depth, are errors
		return fmt.Errorf("config: %w", err)
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return fmt.Errorf("config is not a JSON object: %w", err)
	}
	if h, ok := obj["hyper"]; ok {
		var inner map[string]json.RawMessage
		if json.Unmarshal(h, &inner) == nil {
			obj = inner
		}
	}
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("DecodeConfig needs a pointer to a struct, got %T", dst)
	}
	s := v.Elem()
	for i := 0; i < s.NumField(); i++ {
		key, _, _ := strings.Cut(s.Type().Field(i).Tag.Get("json"), ",")
		raw, ok := obj[key]
		if !ok || key == "" {
			continue
		}
		var x any
		if err := json.Unmarshal(raw, &x); err != nil {
			return fmt.Errorf("config key %s: %w", key, err)
		}
		if x == nil {
			continue // null: not set, the current value holds
		}
		f := s.Field(i)
		switch f.Kind() {
		case reflect.Int:
			switch n := x.(type) {
			case float64:
				if n != math.Trunc(n) || math.Abs(n) > 1<<53 {
					return fmt.Errorf("config key %s: want an int, got %v", key, n)
				}
				f.SetInt(int64(n))
			case string:
				if n != "auto" {
					return fmt.Errorf("config key %s: want an int, got %q", key, n)
				}
			default:
				return fmt.Errorf("config key %s: want an int, got %v", key, x)
			}
		case reflect.Float64:
			switch n := x.(type) {
			case float64:
				f.SetFloat(n)
			case string:
				if n != "auto" {
					return fmt.Errorf("config key %s: want a number, got %q", key, n)
				}
			default:
				return fmt.Errorf("config key %s: want a number, got %v", key, x)
			}
		case reflect.Bool:
			b, ok := x.(bool)
			if !ok {
				return fmt.Errorf("config key %s: want true or false, got %v", key, x)
			}
			f.SetBool(b)
		case reflect.String:
			str, ok := x.(string)
			if !ok {
				return fmt.Errorf("config key %s: want a string, got %v", key, x)
			}
			f.SetString(str)
		}
	}
	return nil
}
