module github.com/numgo/numgo/asm/gemm/_gen

go 1.26.0
