// Package supervisor runs a command line tool so that nothing it meets ends
// it with a misleading status or leaves temp files behind: Supervise runs
// the command in a child process and maps a fatal error of the Go runtime
// (exit status 2, which a CLI may use for usage errors) to the tool's
// internal-error status, and CleanupOnSignal removes the temp files of
// writes in progress when the process is interrupted.
package supervisor
