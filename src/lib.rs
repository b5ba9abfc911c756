//! prepress: a static site generator for interview-preparation courses.
//!
//! A build is four stages, each its own module: [`load`] (files on disk -> sources),
//! [`link`] (sources -> the [`model::Course`]), [`render`] (course -> files in memory,
//! through the [`theme`]) and [`write`] (files -> `output/`, atomically). [`build`]
//! drives them; `main.rs` only parses the command line.

pub mod build;
pub mod check;
pub mod config;
pub mod create;
pub mod depend;
pub mod diagnostic;
pub mod export;
pub mod front_matter;
pub mod highlight;
pub mod import;
pub mod init;
pub mod link;
pub mod live;
pub mod load;
pub mod markdown;
pub mod model;
pub mod mojibake;
pub mod new;
pub mod pdf;
pub mod prep;
pub mod principles;
pub mod questions;
pub mod render;
pub mod search;
pub mod serve;
pub mod slug;
pub mod story_lint;
pub mod theme;
pub mod write;
