package numa

import (
	"fmt"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"strings"
	"unsafe"

	"github.com/numgo/numgo/internal/errtext"
	"github.com/numgo/numgo/internal/osmem"
	"github.com/numgo/numgo/nd"
)

// Placement is where the pages of some memory are, as the kernel answers.
type Placement struct {
	// Pages is the number of pages the memory spans (its first and last
	// pages may be shared with neighbouring memory).
	Pages int
	// OnNode counts, per node, the pages that are resident there.
	OnNode map[int]int
	// NotFaulted counts the pages with no physical page of their own now:
	// never touched, swapped out, or only read where the kernel maps the
	// shared zero page for a read (most kernels; some, as Linux 6.18 in a
	// VM here, give a read page a page of its own, and then it counts on
	// its node). They are on no node until written.
	NotFaulted int
	// Source says how the answer was obtained: "move_pages" (the kernel's
	// answer page by page, checked against /proc/self/pagemap for pages
	// with no page of their own), or an inference and why.
	Source string
}

// Resident is the number of pages that are on some node.
func (p Placement) Resident() int {
	n := 0
	for _, c := range p.OnNode {
		n += c
	}
	return n
}

// Nodes returns the nodes holding pages, ascending.
func (p Placement) Nodes() []int { return slices.Sorted(maps.Keys(p.OnNode)) }

// String lists the pages per node: "node 0: 1024 pages, not faulted: 3
// (of 1027, move_pages)".
func (p Placement) String() string {
	var b strings.Builder
	for _, n := range p.Nodes() {
		fmt.Fprintf(&b, "node %d: %d pages, ", n, p.OnNode[n])
	}
	fmt.Fprintf(&b, "not faulted: %d (of %d, %s)", p.NotFaulted, p.Pages, p.Source)
	return b.String()
}

// pageQueryBatch is how many pages one move_pages query covers.
const pageQueryBatch = 4096

// PlacementOf asks the kernel where the pages of the elements of s are:
// any memory, the Go heap included. Where the kernel cannot answer (see
// Support) on a machine with one node, the answer is inferred from
// /proc/self/pagemap (mincore where that cannot be read) and Source says so; on a machine with several nodes
// that is an error wrapping ErrUnavailable.
//
//	buf := make([]float64, 1<<20)
//	p, err := numa.PlacementOf(buf) // p.NotFaulted: pages not yet touched
func PlacementOf[S ~[]E, E any](s S) (Placement, error) {
	if len(s) == 0 {
		return placementOf(Support(), 0, 0)
	}
	p, err := placementOf(Support(), uintptr(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(s[0])))
	runtime.KeepAlive(s)
	return p, err
}

// placementOf answers for the n bytes at start under c. The caller keeps
// the memory alive.
func placementOf(c Capability, start uintptr, n int) (Placement, error) {
	pl := Placement{OnNode: map[int]int{}, Source: "move_pages"}
	if n <= 0 {
		return pl, nil
	}
	pg := uintptr(osmem.PageSize())
	first := start &^ (pg - 1)
	pl.Pages = int((start + uintptr(n) - first + pg - 1) / pg)
	if !c.Acts() {
		return residentAsOneNode(c, pl, first)
	}
	own, ownErr := ownPages(first, pl.Pages)
	if ownErr != nil {
		pl.Source = "move_pages (" + ownErr.Error() + ")"
	}
	pages := make([]uintptr, min(pl.Pages, pageQueryBatch))
	status := make([]int32, len(pages))
	for done := 0; done < pl.Pages; done += len(pages) {
		pages, status = pages[:min(len(pages), pl.Pages-done)], status[:min(len(pages), pl.Pages-done)]
		for i := range pages {
			pages[i] = first + uintptr(done+i)*pg
		}
		if err := osmem.PageNodes(pages, status); err != nil {
			return Placement{}, errtext.Wrap(err, "numa", "placement of %d bytes at %#x", n, start)
		}
		for i, s := range status {
			switch {
			case s >= 0 && (own == nil || own[done+i]):
				pl.OnNode[int(s)]++
			case s >= 0: // the shared zero page, on kernels that give its node
				pl.NotFaulted++
			case s == osmem.PageNotPresent || s == osmem.PageNoneOwn:
				pl.NotFaulted++
			default:
				return Placement{}, fmt.Errorf("numa: placement of the page at %#x: kernel status %d", pages[i], s)
			}
		}
	}
	return pl, nil
}

// ownPages asks pagemap which of n pages from first have a page of their
// own (osmem.OwnPages).
func ownPages(first uintptr, n int) ([]bool, error) {
	own := make([]bool, n)
	if err := osmem.OwnPages(first, own); err != nil {
		return nil, err
	}
	return own, nil
}

// residentAsOneNode answers where the kernel cannot: on one node every
// page with a page of its own is on node 0, and pagemap tells which those
// are (mincore, where pagemap cannot be read, also counts zero-page reads).
func residentAsOneNode(c Capability, pl Placement, first uintptr) (Placement, error) {
	if c.multiNode() {
		return Placement{}, fmt.Errorf("%w: placement cannot be located: %s", ErrUnavailable, c.Reason)
	}
	own, err := ownPages(first, pl.Pages)
	pl.Source = "inferred from /proc/self/pagemap, as one node: " + c.Reason
	if err != nil {
		vec := make([]byte, pl.Pages)
		if err := osmem.Resident(first, pl.Pages*osmem.PageSize(), vec); err != nil {
			return Placement{}, errtext.Wrap(err, "numa", "placement")
		}
		own = make([]bool, pl.Pages)
		for i, v := range vec {
			own[i] = v&1 != 0
		}
		pl.Source = "inferred from residency (mincore), as one node: " + c.Reason
	}
	for _, o := range own {
		if o {
			pl.OnNode[0]++
		} else {
			pl.NotFaulted++
		}
	}
	return pl, nil
}

// Distribution returns where the pages of a's elements are, from the
// kernel (the guide's numa_distribution). For a view, the pages spanned
// from its first to its last element count. It fails with mem.ErrReleased
// for an array whose memory was released.
//
//	d, err := numa.Distribution(x)
//	fmt.Println(d) // node 0: 48829 pages, not faulted: 0 (of 48829, move_pages)
func Distribution[T nd.Number](a *nd.Array[T]) (Placement, error) {
	if a == nil {
		return Placement{}, nilArgument("Distribution", "array")
	}
	if err := a.Err(); err != nil {
		return Placement{}, errtext.Wrap(err, "numa", "Distribution")
	}
	if a.Size() == 0 {
		return Placement{OnNode: map[int]int{}, Source: "empty array"}, nil
	}
	data, off, strides := a.Storage()
	lo, hi := off, off
	for i, d := range a.Shape() {
		if span := (d - 1) * strides[i]; span < 0 {
			lo += span
		} else {
			hi += span
		}
	}
	size := int(unsafe.Sizeof(data[0]))
	p, err := placementOf(Support(), uintptr(unsafe.Pointer(&data[lo])), (hi-lo+1)*size)
	runtime.KeepAlive(data)
	return p, err
}

// NodeOf returns the node that holds a's pages (the guide's numa_node):
// the node with the most of them when they are spread (Distribution gives
// the whole answer). An array none of whose pages is resident yet is on
// no node: NodeOf returns -1 and an error wrapping ErrNotResident. A nil
// array is -1 and an error wrapping fs.ErrInvalid.
func NodeOf[T nd.Number](a *nd.Array[T]) (int, error) {
	if a == nil {
		return -1, nilArgument("NodeOf", "array")
	}
	d, err := Distribution(a)
	if err != nil {
		return -1, err
	}
	best := -1
	for _, n := range d.Nodes() {
		if best < 0 || d.OnNode[n] > d.OnNode[best] {
			best = n
		}
	}
	if best < 0 {
		return -1, fmt.Errorf("%w: none of the %d pages of a %v array has been touched", ErrNotResident, d.Pages, a.Shape())
	}
	return best, nil
}

// nilArgument is the error for a nil argument (what is the argument's
// kind) of the function op, wrapping fs.ErrInvalid as os.File's methods
// do for a nil *File.
func nilArgument(op, what string) error {
	return fmt.Errorf("numa: %s: the %s is nil: %w", op, what, fs.ErrInvalid)
}
