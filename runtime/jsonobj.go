package runtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// forEachKey walks the members of the JSON object in data in file order,
// calling fn with each key and its raw value. Unlike json.Unmarshal into a
// map, it reports a duplicate key as an error instead of silently keeping the
// last one: in a checkpoint header two entries of one name mean a corrupt or
// ambiguous file. Anything after the closing brace but white space is an error.
func forEachKey(data []byte, fn func(key string, raw json.RawMessage) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errors.New("not a JSON object")
	}
	seen := make(map[string]bool)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("not JSON: %w", err)
		}
		key, ok := tok.(string)
		if !ok {
			return fmt.Errorf("not JSON: object key %v is not a string", tok)
		}
		if seen[key] {
			return fmt.Errorf("duplicate key %q", key)
		}
		seen[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("not JSON: value of %q: %w", key, err)
		}
		if err := fn(key, raw); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return fmt.Errorf("not JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("not JSON: data after the object")
	}
	return nil
}

// ParseJSONObject decodes a JSON object as json.Unmarshal into a
// map[string]any would (numbers as float64), except that a key repeated in
// any object, at any depth, is an error naming it: a config with two values
// for one hyperparameter is ambiguous, not "the last one wins".
func ParseJSONObject(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	v, err := decodeJSONValue(dec, "")
	if err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("not a JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("not JSON: data after the object")
	}
	return obj, nil
}

// maxJSONDepth bounds the nesting of a config (json.Unmarshal's own limit
// is 10000).
const maxJSONDepth = 1000

func decodeJSONValue(dec *json.Decoder, path string) (any, error) {
	return decodeJSONDepth(dec, path, 0)
}

func decodeJSONDepth(dec *json.Decoder, path string, depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("not JSON: nested more than %d levels deep", maxJSONDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := map[string]any{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, fmt.Errorf("not JSON: %w", err)
				}
				key, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("not JSON: object key %v is not a string", kt)
				}
				full := key
				if path != "" {
					full = path + "." + key
				}
				if _, dup := obj[key]; dup {
					return nil, fmt.Errorf("duplicate key %q", full)
				}
				if obj[key], err = decodeJSONDepth(dec, full, depth+1); err != nil {
					return nil, err
				}
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("not JSON: %w", err)
			}
			return obj, nil
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := decodeJSONDepth(dec, path+"[]", depth+1)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("not JSON: %w", err)
			}
			return arr, nil
		}
		return nil, fmt.Errorf("not JSON: unexpected %v", t)
	}
	return tok, nil
}
