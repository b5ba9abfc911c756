//! Scaffolding: the files prepress writes for the user. [`init`] writes the example
//! course into a new folder, [`new`] one new content file with the right front matter,
//! and [`create`] is how both (and `import`) make a file: never over another, never
//! through a link, under a name every file system takes.

pub mod create;
pub mod init;
pub mod new;
