// Rehearsing a story at one of its lengths, with a timer set to that length (issue 31;
// being written).
