package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// signedZeroFuncs are programs whose results depend on the sign of a zero
// constant: x + (-0) is -0 only for x = -0 (x + (+0) would give +0 there),
// and fixup's -0 answer replaces every ±0 input by -0.
var signedZeroFuncs = []mathFunc{
	{"addNegZero", "x + (-0)", func(f *fn) val { return f.add(f.in(), f.c(math.Copysign(0, -1))) }},
	{"fixNegZero", "-0 for ±0", func(f *fn) val { x := f.in(); return f.fixup(x, x, fxZero, fxMinus0) }},
	{"mulNegZero", "x · (-0)", func(f *fn) val { return f.mul(f.in(), f.bitsc(math.Float64bits(math.Copysign(0, -1)))) }},
}

// TestTwinSignedZero builds the kernels of signedZeroFuncs (AVX2 and
// AVX-512 assembly, the Go twin) into a throwaway program, runs it on
// inputs where the sign of a zero result matters and checks that every
// tier gives the twin's bits and the twin gives IEEE 754's. Go reads the
// constant -0.0 (or -0x0p+00) as +0, so a twin that spells -0 that way
// gives +0 where the assembly gives -0.
func TestTwinSignedZero(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("runs the amd64 assembly")
	}
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil || !bytes.Contains(info, []byte(" avx2")) || !bytes.Contains(info, []byte(" fma")) {
		t.Skip("needs AVX2 and FMA and /proc/cpuinfo to say so")
	}
	avx512ok := bytes.Contains(info, []byte(" avx512f")) && bytes.Contains(info, []byte(" avx512dq"))
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH: ", err)
	}
	// Only float64: the float32 twin of a program without fma is the same
	// code with float32 conversions, and fma32 lives in package asm.
	var o out
	var twins bytes.Buffer
	consts := map[string]uint64{}
	o.s.WriteString("#include \"textflag.h\"\n\n")
	var calls strings.Builder
	for _, m := range signedZeroFuncs {
		for _, tr := range []tier{avx2, avx512} {
			genMath(&o, m, f64, tr, consts, false)
		}
		goTwin(&twins, m, f64)
		fmt.Fprintf(&calls, "\trun(%q, %sF64Go, %s, %s)\n", m.name, m.name,
			kernelName(m.name, f64, avx2, false), kernelName(m.name, f64, avx512, false))
	}
	writeConsts(&o.s, consts)
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":    "module signedzero\n\ngo 1.26\n",
		"k_amd64.s": o.s.String(),
		"decl.go":   "package main\n\n" + o.decl.String(),
		"twins.go":  "package main\n\nimport \"math\"\n\nvar _ = math.FMA\n\n" + twins.String(),
		"main.go": fmt.Sprintf(`package main

import (
	"fmt"
	"math"
	"os"
)

var avx512 = %v

// in: ±0 first (where the sign of a zero constant shows), then others.
var in = []float64{math.Copysign(0, -1), 0, 1, -1, 5e-324, -5e-324, math.Inf(1), math.Inf(-1), 2.5, -0.75, 1e300, -1e-300, 3, 4, 5, 6}

func run(name string, twin func(dst, x []float64), k2, k5 func(dst, x *float64, n int)) {
	want := make([]float64, len(in))
	twin(want, in)
	for _, k := range []struct {
		tier string
		f    func(dst, x *float64, n int)
	}{{"avx2", k2}, {"avx512", k5}} {
		if k.tier == "avx512" && !avx512 {
			continue
		}
		got := make([]float64, len(in))
		k.f(&got[0], &in[0], len(in))
		for i := range in {
			fmt.Printf("%%s %%s %%x %%x %%x\n", name, k.tier, math.Float64bits(in[i]), math.Float64bits(got[i]), math.Float64bits(want[i]))
		}
	}
}

func main() {
%s	os.Stdout.Sync()
}
`, avx512ok, calls.String()),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(goTool, "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	res, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, res)
	}
	ieee := map[string]func(x float64) float64{
		"addNegZero": func(x float64) float64 { return x + math.Copysign(0, -1) },
		"fixNegZero": func(x float64) float64 {
			if x == 0 {
				return math.Copysign(0, -1)
			}
			return x
		},
		"mulNegZero": func(x float64) float64 { return x * math.Copysign(0, -1) },
	}
	lines := strings.Split(strings.TrimSpace(string(res)), "\n")
	if len(lines) == 0 {
		t.Fatal("the program printed nothing")
	}
	for _, l := range lines {
		var name, tier string
		var x, got, twin uint64
		if _, err := fmt.Sscanf(l, "%s %s %x %x %x", &name, &tier, &x, &got, &twin); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		xf := math.Float64frombits(x)
		if got != twin {
			t.Errorf("%s(%v) %s: %#x, the Go twin %#x", name, xf, tier, got, twin)
		}
		if want := math.Float64bits(ieee[name](xf)); !math.IsNaN(xf) && twin != want {
			t.Errorf("%s(%v): the Go twin gives %#x, IEEE 754 %#x", name, xf, twin, want)
		}
	}
}
