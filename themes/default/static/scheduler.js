// The scheduler's settings on /progress/: desired retention and "Optimise" (issue 31;
// being written).
