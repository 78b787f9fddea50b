package cpu

import "testing"

func TestParseTier(t *testing.T) {
	for s, want := range map[string]Tier{"off": Generic, "AVX2": AVX2, "avx512": AVX512, " purego ": Generic} {
		got, err := ParseTier(s)
		if err != nil || got != want {
			t.Errorf("ParseTier(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	if _, err := ParseTier("sse"); err == nil {
		t.Error("ParseTier(sse) accepted an unknown tier")
	}
}

func TestSetTierCapsAndRestores(t *testing.T) {
	prev := SetTier(AVX512 + 5)
	defer SetTier(prev)
	if Current() != Best {
		t.Fatalf("SetTier above Best gave %v, want %v", Current(), Best)
	}
	SetTier(Generic)
	if Current() != Generic {
		t.Fatalf("SetTier(Generic) gave %v", Current())
	}
	if ts := Tiers(); ts[0] != Generic || ts[len(ts)-1] != Best {
		t.Fatalf("Tiers() = %v", ts)
	}
}

func TestCacheSizesPositive(t *testing.T) {
	c := CacheSizes()
	if c.L1D <= 0 || c.L2 < c.L1D || c.L3 <= 0 || c.Line <= 0 {
		t.Fatalf("implausible cache sizes %+v", c)
	}
}
