//go:build !amd64 || !gc || purego

package cpu

// asmAvailable reports whether this build carries the assembly kernels.
const asmAvailable = false
