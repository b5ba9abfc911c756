//! (issue 31, being written)
