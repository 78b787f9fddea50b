package main

import (
	"fmt"
	"html"
	"math"
	"os"
	"slices"
	"strings"
)

// peers in the order the panels draw them, with their colours.
var peers = []struct{ name, color string }{
	{peerNumgo, "#d62728"},
	{peerNumPy, "#1f77b4"},
	{peerMath, "#7f7f7f"},
}

// writeCSV writes one line per result and peer: function, dtype, n, peer,
// seconds and GB/s.
func writeCSV(path string, results []result) error {
	var b strings.Builder
	b.WriteString("function,dtype,n,peer,seconds,gbs\n")
	for _, r := range results {
		for _, p := range peers {
			if s, ok := r.secs[p.name]; ok {
				fmt.Fprintf(&b, "%s,%s,%d,%s,%.6g,%.4g\n", r.name, r.dtype, r.n, p.name, s, r.gbs(p.name))
			}
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// writeSVG draws GB/s against n (a log2 axis) for every function and
// dtype, two panels a row (float64, float32 of one function), one line per
// peer, under header (NumPy's dispatch, numgo's CPU, the date).
func writeSVG(path string, results []result, header string) error {
	const pw, ph, margin, top = 330, 210, 40, 80
	type key struct{ name, dtype string }
	var panels []key
	var sizes []int
	for _, r := range results {
		if k := (key{r.name, r.dtype}); !slices.Contains(panels, k) {
			panels = append(panels, k)
		}
		if !slices.Contains(sizes, r.n) {
			sizes = append(sizes, r.n)
		}
	}
	slices.SortFunc(panels, func(a, b key) int {
		ia := slices.IndexFunc(functions, func(f function) bool { return f.name == a.name })
		ib := slices.IndexFunc(functions, func(f function) bool { return f.name == b.name })
		if ia != ib {
			return ia - ib
		}
		return strings.Compare(b.dtype, a.dtype) // float64 first
	})
	slices.Sort(sizes)
	if len(sizes) == 0 {
		return nil
	}
	cols := 4
	rows := (len(panels) + cols - 1) / cols
	width, height := cols*pw+margin, rows*ph+top
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	for i, p := range peers {
		x := margin + i*110
		fmt.Fprintf(&b, `<line x1="%d" y1="15" x2="%d" y2="15" stroke="%s" stroke-width="3"/><text x="%d" y="19">%s</text>`+"\n", x, x+20, p.color, x+24, p.name)
	}
	for i, l := range strings.Split(header, "\n") {
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="9">%s</text>`+"\n", margin, 35+12*i, html.EscapeString(l))
	}
	lo, hi := math.Log2(float64(sizes[0])), math.Log2(float64(sizes[len(sizes)-1]))
	if hi == lo {
		hi = lo + 1
	}
	for i, k := range panels {
		x0, y0 := margin+(i%cols)*pw, top+(i/cols)*ph
		var rs []result
		ymax := 0.0
		for _, r := range results {
			if r.name == k.name && r.dtype == k.dtype {
				rs = append(rs, r)
				for p := range r.secs {
					ymax = max(ymax, r.gbs(p))
				}
			}
		}
		ymax = niceCeil(ymax)
		px := func(n int) float64 { return float64(x0+10) + (math.Log2(float64(n))-lo)/(hi-lo)*float64(pw-50) }
		py := func(v float64) float64 { return float64(y0+ph-35) - v/ymax*float64(ph-60) }
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-weight="bold">%s %s: GB/s vs n</text>`+"\n", x0+10, y0+15, k.name, k.dtype)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`+"\n", px(sizes[0]), py(0), px(sizes[len(sizes)-1]), py(0))
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`+"\n", px(sizes[0]), py(0), px(sizes[0]), py(ymax))
		for j := 0; j <= 4; j++ {
			v := ymax * float64(j) / 4
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end">%.3g</text><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n",
				px(sizes[0])-4, py(v)+4, v, px(sizes[0]), py(v), px(sizes[len(sizes)-1]), py(v))
		}
		for _, n := range sizes {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%s</text>`+"\n", px(n), py(0)+14, sizeLabel(n))
		}
		for _, p := range peers {
			var pts []string
			for _, r := range rs {
				if _, ok := r.secs[p.name]; ok {
					pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(r.n), py(r.gbs(p.name))))
				}
			}
			if len(pts) > 0 {
				fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", p.color, strings.Join(pts, " "))
			}
		}
	}
	b.WriteString("</svg>\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten (1 for v <= 0).
func niceCeil(v float64) float64 {
	if !(v > 0) || math.IsInf(v, 1) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// sizeLabel writes n as 16K, 1M, ... where it is a multiple of 1024.
func sizeLabel(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dM", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dK", n>>10)
	}
	return fmt.Sprint(n)
}
