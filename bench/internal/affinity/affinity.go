// Package affinity binds the calling OS thread to one CPU, so that the
// peers of a side-by-side measurement run on the same core.
package affinity
