module github.com/numgo/numgo/asm/_gen

go 1.26.0
