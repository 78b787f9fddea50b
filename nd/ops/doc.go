// Package ops is element-wise arithmetic on nd arrays. Each operation
// allocates its result through the caller's allocator (nd.With) or writes
// into a destination the caller gives (the ...Into forms, which allocate
// nothing).
package ops
