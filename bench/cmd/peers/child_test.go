package main

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestMain lets the test binary serve as an OpenBLAS child, as the peers
// binary does when it re-executes itself.
func TestMain(m *testing.M) {
	if serveIfChild() {
		return
	}
	os.Exit(m.Run())
}

func TestChildEnviron(t *testing.T) {
	parent := []string{"HOME=/h", "OPENBLAS_CORETYPE=Haswell", "OPENBLAS_L2_SIZE=512", childVar + "=1s", cpuVar + "=3"}
	for _, core := range []string{"", "SkylakeX"} {
		env := childEnviron(parent, core, 30*time.Millisecond, 1)
		want := []string{"HOME=/h"}
		if core != "" {
			want = append(want, "OPENBLAS_CORETYPE="+core)
		}
		want = append(want, childVar+"=30ms", cpuVar+"=1")
		if !slices.Equal(env, want) {
			t.Errorf("core type %q: child environment %q, want %q", core, env, want)
		}
	}
	if parent[1] != "OPENBLAS_CORETYPE=Haswell" {
		t.Error("childEnviron changed the parent's slice")
	}
}

// TestChild starts a child the way peers does, whatever this process's
// OpenBLAS variables are (it neither sets nor relies on them), and checks
// that the child saw neither variable, names its core and measures.
func TestChild(t *testing.T) {
	c, err := startChild("", time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	if c.core == "" {
		t.Fatal("the child named no core")
	}
	if _, err := c.in.Write([]byte("env\n")); err != nil {
		t.Fatal(err)
	}
	if !c.out.Scan() || c.out.Text() != `OPENBLAS_CORETYPE="" OPENBLAS_L2_SIZE=""` {
		t.Fatalf("the child's OpenBLAS saw %q, want neither variable", c.out.Text())
	}
	secs, err := c.measureSmall(shape{"small", "float64", 4, 4, 4, 1, 1})
	if err != nil || secs <= 0 || secs > 1e-3 {
		t.Fatalf("a 4x4 product in the child: %v s, %v", secs, err)
	}
	t.Logf("child core %s; parent OPENBLAS_CORETYPE=%q", c.core, strings.TrimSpace(os.Getenv("OPENBLAS_CORETYPE")))
}
