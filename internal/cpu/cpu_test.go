package cpu

import (
	"strings"
	"testing"
)

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

func TestFromEnv(t *testing.T) {
	for _, c := range []struct {
		env     string
		want    Tier
		warning string // a substring; "" means no warning
	}{
		{"", Best, ""},
		{"off", Generic, ""},
		{"bogus", Best, `ignoring NUMGO_SIMD="bogus": accepted values are off, avx2 or avx512`},
		{"sse4", Best, "accepted values are off, avx2 or avx512"},
	} {
		got, warning := fromEnv(c.env)
		if got != c.want || (c.warning == "") != (warning == "") || !strings.Contains(warning, c.warning) {
			t.Errorf("fromEnv(%q) = %v, %q; want %v and a warning containing %q", c.env, got, warning, c.want, c.warning)
		}
	}
	if Best < AVX512 {
		if got, warning := fromEnv("avx512"); got != Best || !strings.Contains(warning, "has no avx512") {
			t.Errorf("fromEnv(avx512) on a CPU without it = %v, %q", got, warning)
		}
	} else if got, warning := fromEnv("avx512"); got != AVX512 || warning != "" {
		t.Errorf("fromEnv(avx512) = %v, %q", got, warning)
	}
}
