// Package reliability replays a corpus of hostile and careless inputs
// (testdata/corpus.txt: damaged weights and .npy files, odd configs, huge
// sizes, special files, compile-time bombs, outputs over symbolic links,
// hard links and directories, interrupted runs) through the seqc binary,
// and misuses of a generated package through its API. A case fails on any
// panic, a run past its time bound, an exit status outside the documented
// ones (0 ok, 1 bad input, 2 usage, 3 internal error) or other than the
// case expects, and any file changed, created or left behind that the case
// did not say it writes.
//
// go test ./internal/reliability (part of make test) runs the bounded
// corpus; make reliability (SEQC_RELIABILITY=full) runs every case,
// including the slow ones.
package reliability
