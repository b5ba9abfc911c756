//! prepress: a static site generator for interview-preparation courses.

pub mod config;
pub mod diagnostic;
pub mod front_matter;
pub mod highlight;
pub mod markdown;
pub mod slug;
