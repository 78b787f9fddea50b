package nd_test

import (
	"testing"

	"github.com/numgo/numgo/nd"
)

type celsius float64
type count uint16

func TestKindOf(t *testing.T) {
	for _, c := range []struct {
		got, want nd.Kind
		name      string
	}{
		{nd.KindOf[int](), nd.KindInt, "int"},
		{nd.KindOf[int8](), nd.KindInt, "int8"},
		{nd.KindOf[int16](), nd.KindInt, "int16"},
		{nd.KindOf[int32](), nd.KindInt, "int32"},
		{nd.KindOf[int64](), nd.KindInt, "int64"},
		{nd.KindOf[uint](), nd.KindUint, "uint"},
		{nd.KindOf[uint8](), nd.KindUint, "uint8"},
		{nd.KindOf[uint16](), nd.KindUint, "uint16"},
		{nd.KindOf[uint32](), nd.KindUint, "uint32"},
		{nd.KindOf[uint64](), nd.KindUint, "uint64"},
		{nd.KindOf[float32](), nd.KindFloat, "float32"},
		{nd.KindOf[float64](), nd.KindFloat, "float64"},
		{nd.KindOf[complex64](), nd.KindComplex, "complex64"},
		{nd.KindOf[complex128](), nd.KindComplex, "complex128"},
		{nd.KindOf[celsius](), nd.KindFloat, "celsius (named float64)"},
		{nd.KindOf[count](), nd.KindUint, "count (named uint16)"},
	} {
		if c.got != c.want {
			t.Errorf("KindOf[%s]() = %v, want %v", c.name, c.got, c.want)
		}
	}
	if s := nd.KindComplex.String(); s != "complex" {
		t.Errorf("KindComplex.String() = %q", s)
	}
}
