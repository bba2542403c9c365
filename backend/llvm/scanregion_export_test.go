package llvm

// ScanRegionNativeRuns is how many scans the scan region kernel has run
// natively in this process (for the external conformance test).
func ScanRegionNativeRuns() int64 { return srNativeRuns.Load() }
