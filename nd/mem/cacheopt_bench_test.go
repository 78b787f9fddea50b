package mem_test

import (
	"testing"
	"time"

	"github.com/numgo/numgo/nd/mem"
)

// BenchmarkCacheOptimizedHugePages measures what HugePages does, side by
// side in one run: each iteration maps a 64 MiB buffer from a
// CacheOptimized allocator with and without it, in alternating order, and
// times (1) the first touch of every page (one byte per 4 KiB) and (2) a
// streaming copy of 64 MiB between two such buffers once resident. It
// reports each variant's ns per 64 MiB and the ratios 4k/huge ("x" > 1:
// huge pages faster). The kernel must allow madvise huge pages
// (/sys/kernel/mm/transparent_hugepage/enabled: always or madvise).
func BenchmarkCacheOptimizedHugePages(b *testing.B) {
	const size = 64 << 20
	var touch, stream [2]time.Duration // [0] 4 KiB pages, [1] huge pages
	allocs := [2]*mem.CacheOptimized{}
	for i, huge := range []bool{false, true} {
		co, err := mem.NewCacheOptimized(mem.CacheConfig{HugePages: huge})
		if err != nil {
			b.Fatal(err)
		}
		defer co.Close()
		allocs[i] = co
	}
	b.SetBytes(size)
	for n := 0; b.Loop(); n++ {
		for k := range 2 {
			i := (n + k) % 2
			co := allocs[i]
			src, err := co.Alloc(size, 64)
			if err != nil {
				b.Fatal(err)
			}
			dst, err := co.Alloc(size, 64)
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			for p := 0; p < size; p += 4096 {
				src[p] = byte(p >> 12)
			}
			touch[i] += time.Since(start)
			clear(dst) // resident before the streaming copy
			start = time.Now()
			copy(dst, src)
			copy(src, dst)
			stream[i] += time.Since(start) / 2
			if err := co.Free(src); err != nil {
				b.Fatal(err)
			}
			if err := co.Free(dst); err != nil {
				b.Fatal(err)
			}
		}
	}
	per := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / float64(b.N) }
	b.ReportMetric(per(touch[0]), "touch-4k-ns/op")
	b.ReportMetric(per(touch[1]), "touch-huge-ns/op")
	b.ReportMetric(per(touch[0])/per(touch[1]), "touch-4k/huge-x")
	b.ReportMetric(per(stream[0]), "copy-4k-ns/op")
	b.ReportMetric(per(stream[1]), "copy-huge-ns/op")
	b.ReportMetric(per(stream[0])/per(stream[1]), "copy-4k/huge-x")
}
