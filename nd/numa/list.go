package numa

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// maxList bounds the numbers one list may hold (CPU and node numbers are
// far fewer), so a corrupt file cannot make parseList allocate without
// bound.
const maxList = 1 << 20

// parseList parses the kernel's list format ("0-3,8,10-11", as in
// cpulist, online and Mems_allowed_list) into ascending numbers. An empty
// string is the empty list.
func parseList(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	var out []int
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		if err != nil || a < 0 {
			return nil, fmt.Errorf("numa: bad list %q: element %q", s, part)
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil || b < a || b-a > 1<<16 {
				return nil, fmt.Errorf("numa: bad list %q: range %q", s, part)
			}
		}
		if len(out)+b-a >= maxList {
			return nil, fmt.Errorf("numa: bad list %q: more than %d numbers", s, maxList)
		}
		for n := a; n <= b; n++ {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// formatList writes ascending numbers in the kernel's list format.
func formatList(ns []int) string {
	if len(ns) == 0 {
		return "none"
	}
	var b strings.Builder
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(ns[i]))
		if j > i {
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(ns[j]))
		}
		i = j + 1
	}
	return b.String()
}

// intersect returns the numbers in both ascending lists.
func intersect(a, b []int) []int {
	var out []int
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); ok {
			out = append(out, x)
		}
	}
	return out
}
