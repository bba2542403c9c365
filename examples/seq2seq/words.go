package main

var (
	ones = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
		"twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}
	tens = []string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
)

// Words writes 0 <= n <= 999999 in English as the model was trained on it:
// 342007 is "three hundred forty two thousand seven" (no "and", no
// hyphens).
func Words(n int) []string {
	if n == 0 {
		return []string{"zero"}
	}
	var out []string
	if th := n / 1000; th > 0 {
		out = append(below1000(th), "thousand")
	}
	return append(out, below1000(n%1000)...)
}

func below1000(n int) []string {
	var out []string
	if h := n / 100; h > 0 {
		out = append(out, ones[h], "hundred")
	}
	switch r := n % 100; {
	case r >= 20:
		out = append(out, tens[r/10])
		if r%10 > 0 {
			out = append(out, ones[r%10])
		}
	case r > 0:
		out = append(out, ones[r])
	}
	return out
}
