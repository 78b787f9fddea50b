//go:build linux

package osmem

import (
	"os"
	"path/filepath"
	"testing"
)

func TestMapFileSharedPrivateAndGrowth(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page := PageSize()
	if err := f.Truncate(int64(page)); err != nil {
		t.Fatal(err)
	}
	before := FileMapped()
	reserve := 64 * page // room for the file to grow into
	shared, err := MapFile(int(f.Fd()), reserve, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := FileMapped() - before; got != int64(page) { // the file's size, not the reservation
		t.Fatalf("FileMapped grew by %d for a %d-byte file mapped with %d reserved, want %d", got, page, reserve, page)
	}
	shared[7] = 42
	if err := f.Truncate(int64(3 * page)); err != nil { // grow under the mapping
		t.Fatal(err)
	}
	Commit(shared, int64(3*page))
	if got := FileMapped() - before; got != int64(3*page) {
		t.Fatalf("FileMapped grew by %d after the file grew to %d bytes", got, 3*page)
	}
	Commit(shared[page:], 1) // not the start of a mapping: no change
	if got := FileMapped() - before; got != int64(3*page) {
		t.Fatalf("Commit of an interior slice changed FileMapped by %d", got-int64(3*page))
	}
	shared[2*page+1] = 43
	if err := Msync(shared[:3*page]); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != 3*page || data[7] != 42 || data[2*page+1] != 43 {
		t.Fatalf("file after msync: %d bytes, [7]=%d [%d]=%d", len(data), data[7], 2*page+1, data[2*page+1])
	}
	for a := AdviseNormal; a <= AdviseDontNeed; a++ {
		if err := Advise(shared[:3*page], a); err != nil {
			t.Errorf("%v: %v", a, err)
		}
	}
	if shared[7] != 42 {
		t.Fatal("dont-need lost the data of a shared file mapping")
	}
	if err := Advise(shared[:page], Advice(99)); err == nil {
		t.Error("unknown advice accepted")
	}

	private, err := MapFile(int(f.Fd()), 3*page, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := FileMapped() - before; got != int64(6*page) {
		t.Fatalf("two mappings of a %d-byte file count %d bytes", 3*page, got)
	}
	if private[7] != 42 {
		t.Fatalf("private mapping reads %d, want the file's 42", private[7])
	}
	private[7] = 99 // copy-on-write: never reaches the file
	if shared[7] != 42 {
		t.Fatalf("a private store reached the file: %d", shared[7])
	}
	if err := UnmapFile(private); err != nil {
		t.Fatal(err)
	}
	if err := UnmapFile(shared); err != nil {
		t.Fatal(err)
	}
	if FileMapped() != before {
		t.Fatalf("FileMapped %d after unmapping, want %d", FileMapped(), before)
	}
	if _, err := MapFile(int(f.Fd()), 0, true); err == nil {
		t.Error("MapFile of 0 bytes succeeded")
	}
	if _, err := MapFile(-1, page, true); err == nil {
		t.Error("MapFile of a bad descriptor succeeded")
	}
}
