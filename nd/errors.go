package nd

import "errors"

// ErrShape is wrapped by every error about a shape: negative dimensions,
// sizes that overflow, shapes that do not match or broadcast, bad axes and
// reshapes that are not possible.
var ErrShape = errors.New("nd: bad shape")

// ErrIndex is wrapped by errors about slice and index expressions.
var ErrIndex = errors.New("nd: bad index")
