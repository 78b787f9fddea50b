package numgo_test

import (
	"fmt"

	"github.com/numgo/numgo/nd"
	"github.com/numgo/numgo/nd/mem"
	"github.com/numgo/numgo/nd/ops"
)

// workspace is the guide's TemporaryWorkspace: arrays made in one arena,
// all given back by one Close (Go's stand-in for Rust's Drop).
type workspace struct {
	arena  *mem.Arena
	arrays int
}

func newWorkspace(capacity int) (*workspace, error) {
	arena, err := mem.NewArena(capacity)
	if err != nil {
		return nil, err
	}
	return &workspace{arena: arena}, nil
}

// zeros makes a zeroed array in the workspace.
func (w *workspace) zeros(shape ...int) (*nd.Array[float64], error) {
	a, err := nd.Zeros[float64](shape, nd.With(w.arena))
	if err == nil {
		w.arrays++
	}
	return a, err
}

// Close releases every array at once; using one afterwards is an error.
func (w *workspace) Close() error {
	fmt.Printf("Cleaning up workspace with %d arrays\n", w.arrays)
	return w.arena.Close()
}

// The guide's workspace_example: temporaries made in a workspace, cleaned
// up together when it closes.
func Example_workspace() {
	ws, err := newWorkspace(100 << 20) // 100 MiB
	if err != nil {
		panic(err)
	}
	temp1, err := ws.zeros(1000, 1000)
	if err != nil {
		panic(err)
	}
	temp2, err := ws.zeros(500, 2000)
	if err != nil {
		panic(err)
	}
	// The guide adds (1000, 1000) to (500, 2000); NumPy's broadcasting
	// refuses those shapes, and so does ops.Add. A reshape makes them agree.
	temp2r, err := temp2.Reshape(1000, 1000)
	if err != nil {
		panic(err)
	}
	result, err := ops.Add(temp1, temp2r, nd.With(ws.arena))
	if err != nil {
		panic(err)
	}
	fmt.Println("result:", result.Shape())
	if err := ws.Close(); err != nil {
		panic(err)
	}
	fmt.Println("after Close:", result.Err() != nil)
	// Output:
	// result: [1000 1000]
	// Cleaning up workspace with 2 arrays
	// after Close: true
}
