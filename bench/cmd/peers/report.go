package main

import (
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
)

// ratio is one column of ratios: numerator peer over denominator peer.
type ratio struct{ num, den string }

var ratios = []ratio{{ours, obDefault}, {ours, obSKX}, {oursAVX2, obHaswell}, {ours, gonumPeer}}

func (r ratio) String() string { return r.num + "/" + r.den }

// report prints the square table under the line naming OpenBLAS's cores
// and the date (cores).
func report(w io.Writer, points []point, best map[point]map[string]float64, cores string) {
	fmt.Fprintln(w, cores)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	head := append([]string{"op", "dtype", "n", "threads"}, peers...)
	for _, r := range ratios {
		head = append(head, r.String())
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, pt := range points {
		row := []string{pt.op, pt.dtype, strconv.Itoa(pt.n), strconv.Itoa(pt.threads)}
		for _, p := range peers {
			row = append(row, fmt.Sprintf("%.1f", best[pt][p]))
		}
		for _, r := range ratios {
			row = append(row, fmt.Sprintf("%.2fx", best[pt][r.num]/best[pt][r.den]))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	fmt.Fprintln(tw, "(GFLOP/s, median of repeats, each the fastest call of its -mintime; openblas = its default kernel selection, skx = OPENBLAS_CORETYPE=SkylakeX, haswell = Haswell)")
	tw.Flush()
}

func writeCSV(path string, points []point, best map[point]map[string]float64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	head := []string{"op", "dtype", "n", "threads"}
	for _, p := range peers {
		head = append(head, p+"_gflops")
	}
	for _, r := range ratios {
		head = append(head, r.String())
	}
	w.Write(head)
	for _, pt := range points {
		row := []string{pt.op, pt.dtype, strconv.Itoa(pt.n), strconv.Itoa(pt.threads)}
		for _, p := range peers {
			row = append(row, strconv.FormatFloat(best[pt][p], 'f', 3, 64))
		}
		for _, r := range ratios {
			row = append(row, strconv.FormatFloat(best[pt][r.num]/best[pt][r.den], 'f', 4, 64))
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

var colors = map[string]string{
	ours: "#d62728", oursAVX2: "#ff9896", gonumPeer: "#2ca02c",
	obDefault: "#1f77b4", obSKX: "#9467bd", obHaswell: "#17becf",
}

// writeSVG draws one panel per (dtype, threads): GFLOP/s against n on a
// log2 axis, one line per peer, each y axis topped at the core's peak for
// the dtype times the threads (higher only if a figure is, and then a
// dashed line marks the peak), under the line naming OpenBLAS's cores and
// the date.
func writeSVG(path string, points []point, best map[point]map[string]float64, sizes, threads []int, peak map[string]float64, cores string) error {
	const pw, ph, margin = 420, 300, 50
	dtypes := []string{"float64", "float32"}
	width, height := pw*len(threads)+margin, ph*len(dtypes)+60
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">`+"\n", width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	for i, p := range peers {
		x := margin + i*110
		fmt.Fprintf(&b, `<line x1="%d" y1="15" x2="%d" y2="15" stroke="%s" stroke-width="3"/><text x="%d" y="19">%s</text>`+"\n", x, x+20, colors[p], x+24, p)
	}
	fmt.Fprintf(&b, `<text x="%d" y="37">top of each axis: the core's peak (micro-kernel in L1, highest median of the run) times the threads. %s</text>`+"\n", margin, html.EscapeString(cores))
	lo, hi := math.Log2(float64(sizes[0])), math.Log2(float64(sizes[len(sizes)-1]))
	if hi == lo {
		hi = lo + 1
	}
	for di, dt := range dtypes {
		for ti, th := range threads {
			x0, y0 := margin+ti*pw, 50+di*ph
			ymax := peak[dt] * float64(th)
			for _, pt := range points {
				if pt.dtype == dt && pt.threads == th {
					for _, v := range best[pt] {
						ymax = max(ymax, v)
					}
				}
			}
			px := func(n int) float64 { return float64(x0+10) + (math.Log2(float64(n))-lo)/(hi-lo)*float64(pw-40) }
			py := func(v float64) float64 { return float64(y0+ph-40) - v/ymax*float64(ph-70) }
			peakLine(&b, px(sizes[0]), px(sizes[len(sizes)-1]), py, peak[dt]*float64(th), ymax)
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-weight="bold">GEMM %s, %d thread(s): GFLOP/s vs n</text>`+"\n", x0+10, y0+18, dt, th)
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`+"\n", px(sizes[0]), py(0), px(sizes[len(sizes)-1]), py(0))
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`+"\n", px(sizes[0]), py(0), px(sizes[0]), py(ymax))
			for v := 0.0; v <= ymax; v += ymax / 4 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end">%.0f</text><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n",
					px(sizes[0])-4, py(v)+4, v, px(sizes[0]), py(v), px(sizes[len(sizes)-1]), py(v))
			}
			for _, n := range sizes {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%d</text>`+"\n", px(n), py(0)+14, n)
			}
			for _, p := range peers {
				var pts []string
				for _, pt := range points {
					if pt.dtype == dt && pt.threads == th {
						pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(pt.n), py(best[pt][p])))
					}
				}
				fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", colors[p], strings.Join(pts, " "))
			}
		}
	}
	b.WriteString("</svg>\n")
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// peakLine draws, where a figure passed the peak top and so raised the
// axis to ymax, a dashed line at the peak from x left to right, labelled.
func peakLine(b *strings.Builder, left, right float64, py func(float64) float64, top, ymax float64) {
	if ymax <= top {
		return
	}
	fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black" stroke-dasharray="4 3"/><text x="%.1f" y="%.1f" text-anchor="end">peak %.0f</text>`+"\n",
		left, py(top), right, py(top), right, py(top)-3, top)
}
