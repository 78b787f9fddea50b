package mmap_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mmap"
)

// childEnv names the file a re-executed test binary writes before it is
// killed.
const childEnv = "NUMGO_MMAP_SIGKILL_CHILD"

// TestDataSurvivesSIGKILL runs this test binary again as a child that
// creates a .npy, appends to it, fills an allocator's file, Syncs both and
// says so; the parent then kills it with SIGKILL (no deferred Close, no
// exit handlers) and checks every synced byte on reopening.
func TestDataSurvivesSIGKILL(t *testing.T) {
	if path := os.Getenv(childEnv); path != "" {
		sigkillChild(path)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestDataSurvivesSIGKILL$")
	cmd.Env = append(os.Environ(), childEnv+"="+filepath.Join(dir, "d"))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if sc.Text() == "synced" || len(sc.Text()) > 7 && sc.Text()[:7] == "failed:" {
				ready <- sc.Text()
				return
			}
		}
		ready <- "child exited without syncing"
	}()
	var msg string
	select {
	case msg = <-ready:
	case <-time.After(30 * time.Second):
		msg = "child did not sync within 30 s"
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	cmd.Wait()
	if msg != "synced" {
		t.Fatal(msg)
	}

	a, err := mmap.Open[float64](filepath.Join(dir, "d.npy"), mmap.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if !slices.Equal(a.Shape(), []int{300, 64}) {
		t.Fatalf("shape after SIGKILL %v, want [300 64] (the Append's header)", a.Shape())
	}
	for i := range 300 {
		for j := range 64 {
			if got := a.At(i, j); got != float64(i*64+j) {
				t.Fatalf("element (%d, %d) = %v after SIGKILL, want %d", i, j, got, i*64+j)
			}
		}
	}
	alloc, err := mmap.NewAllocator(filepath.Join(dir, "d.dat"), mmap.ReadOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer alloc.Close()
	b, err := nd.Empty[int64]([]int{1000, 1000}, nd.With(alloc))
	if err != nil {
		t.Fatal(err)
	}
	if b.At(999, 999) != 999999 || b.At(500, 1) != 500001 {
		t.Fatalf("allocator file after SIGKILL: %d %d", b.At(999, 999), b.At(500, 1))
	}
}

// sigkillChild writes, Syncs, says "synced" and waits to be killed.
func sigkillChild(path string) {
	fail := func(err error) {
		fmt.Println("failed:", err)
		os.Exit(1)
	}
	a, err := mmap.Create[float64](path+".npy", []int{200, 64})
	if err != nil {
		fail(err)
	}
	for i := range 200 * 64 {
		a.Set(float64(i), i/64, i%64)
	}
	more, _ := nd.Zeros[float64]([]int{100, 64})
	for i := range 100 * 64 {
		more.Set(float64(200*64+i), i/64, i%64)
	}
	if err := a.Append(more); err != nil {
		fail(err)
	}
	alloc, err := mmap.NewAllocator(path+".dat", mmap.ReadWrite)
	if err != nil {
		fail(err)
	}
	b, err := nd.Empty[int64]([]int{1000, 1000}, nd.With(alloc))
	if err != nil {
		fail(err)
	}
	for i := range 1000 {
		for j := range 1000 {
			b.Set(int64(i*1000+j), i, j)
		}
	}
	if err := a.Sync(); err != nil {
		fail(err)
	}
	if err := alloc.Sync(); err != nil {
		fail(err)
	}
	fmt.Println("synced")
	time.Sleep(time.Minute) // killed long before
	fail(fmt.Errorf("not killed"))
}
