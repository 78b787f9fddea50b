// Package nd is numgo's n-dimensional array: a typed, generic Array[T] whose
// buffer comes from any mem.Allocator: the Go heap, an off-heap Arena, a
// Pool, or an allocator of your own.
//
// An Array is a view: a shape and strides over a buffer it may share with
// other views (Reshape, T, Transpose, Slice). Arrays created in an Arena are
// invalidated by the arena's Reset or Close; every operation checks that
// with one atomic load and fails with an error wrapping mem.ErrReleased, and
// element access panics with a message naming the cause, instead of reading
// memory that now belongs to someone else.
//
//	err := mem.WithArena(64<<20, func(ar *mem.Arena) error {
//		tmp, err := nd.Ones[float64]([]int{1000, 1000}, nd.With(ar))
//		if err != nil {
//			return err
//		}
//		result, err = tmp.Clone() // copied out to mem.Default before the arena goes
//		return err
//	})
package nd
