package mem

import "fmt"

// CheckLeaks returns nil when a holds nothing: no bytes allocated and, for
// allocators that report Stats, no live buffers and no reserved bytes.
// Otherwise it returns an error describing what is still held. Tests call
// it when they are done with an allocator:
//
//	sys := mem.NewSystem()
//	defer func() {
//		if err := mem.CheckLeaks(sys); err != nil {
//			t.Error(err)
//		}
//	}()
func CheckLeaks(a Allocator) error {
	if r, ok := a.(StatsReporter); ok {
		s := r.Stats()
		if s.Allocated != 0 || s.Reserved != 0 || s.Live() != 0 {
			return fmt.Errorf("mem: leak: %d buffers still live (%v)", s.Live(), s)
		}
	}
	if n := a.Allocated(); n != 0 {
		return fmt.Errorf("mem: leak: %d bytes still allocated", n)
	}
	return nil
}
