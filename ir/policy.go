package ir

import (
	"strconv"
	"strings"
)

// Policy reads a mixer's "policy" attribute (written by the select_modes
// pass: "scan@1,conv@256" means scan below length 256 and conv from 256 on)
// and returns the algorithm and chunk size for sequence length l. An empty
// policy returns "".
func Policy(policy string, l int) (mode string, chunk int) {
	if policy == "" {
		return "", 0
	}
	for _, part := range strings.Split(policy, ",") {
		choice, from, _ := strings.Cut(part, "@")
		n, err := strconv.Atoi(from)
		if err != nil || n > l {
			break
		}
		mode, chunk = choice, 0
		if m, c, ok := strings.Cut(choice, ":"); ok {
			mode = m
			chunk, _ = strconv.Atoi(c)
		}
	}
	return mode, chunk
}
