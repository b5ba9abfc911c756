//! The `prepress` command line: the arguments (clap derive), and for each command the
//! call into the library, what it prints and its exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::diagnostic::print_all;
use crate::pipeline::{BuildError, BuildOptions, build, link_course};
use crate::prep::export;
use crate::serve::{self, ServeError, ServeOptions};
use crate::source::NotACourse;
use clap::{CommandFactory, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "prepress",
    version,
    about = "A static site generator for interview-preparation courses"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: each stage's time, every rebuild step.
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the course into a static site.
    Build {
        #[command(flatten)]
        course: CourseFolder,
        /// Where to write the site [default: ROOT/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Use this base URL instead of the one in course.toml.
        #[arg(long)]
        base_url: Option<String>,
        #[command(flatten)]
        drafts: Drafts,
        /// Also write PDFs of the whole course (print.pdf) and of every worksheet, printed
        /// by a local Chromium.
        #[arg(long)]
        pdf: bool,
        /// The Chromium to print with [default: the first on PATH].
        #[arg(long, requires = "pdf")]
        chromium: Option<PathBuf>,
    },
    /// Report every problem (front matter, links, anchors, principles, stories, encoding)
    /// without writing anything; exits with 1 when there is an error.
    Check {
        #[command(flatten)]
        course: CourseFolder,
        #[arg(long, value_enum, default_value = "human")]
        format: CheckFormat,
        #[command(flatten)]
        drafts: Drafts,
    },
    /// Turn plain text or messy Markdown into clean content files; never overwrites.
    Import {
        /// The files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        course: CourseFolder,
        /// The folder to write into [default: ROOT/content/imported].
        #[arg(long)]
        to: Option<PathBuf>,
        /// Write into content/SECTION instead.
        #[arg(long, conflicts_with = "to")]
        section: Option<String>,
        /// Replace a file of the same name instead of picking a new name (never a link).
        #[arg(long)]
        force: bool,
        /// Drop the raw HTML of imported Markdown (it is kept, and reported, by default).
        #[arg(long)]
        strip_html: bool,
    },
    /// Serve the course on 127.0.0.1, rebuilding and reloading the browser on every save.
    Serve {
        #[command(flatten)]
        course: CourseFolder,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but loopback makes the course visible to
        /// your network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        #[command(flatten)]
        drafts: Drafts,
    },
    /// Write the course's data for other tools.
    Export {
        #[command(subcommand)]
        what: Export,
    },
    /// Write a new lecture, principle, story, worksheet or template; never overwrites.
    New {
        #[arg(value_enum)]
        kind: crate::scaffold::new::NewKind,
        /// Its title; the file name is made from it.
        name: String,
        /// The folder under content/ to write into.
        #[arg(long)]
        section: Option<String>,
        #[command(flatten)]
        course: CourseFolder,
    },
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the example course into a new or empty folder.
    Init {
        /// The folder to create the course in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

/// The course a command works on.
#[derive(clap::Args)]
struct CourseFolder {
    /// The course folder (holds course.toml and content/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// Whether draft pages are read.
#[derive(clap::Args)]
struct Drafts {
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

impl CourseFolder {
    /// Build options for this course, the rest as by default.
    fn options(self, drafts: Drafts) -> BuildOptions {
        BuildOptions {
            root: self.root,
            drafts: drafts.drafts,
            ..BuildOptions::default()
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    Human,
    Json,
}

#[derive(Subcommand)]
enum Export {
    /// The question bank: JSON, TSV for Anki's import, or CSV.
    Questions {
        #[command(flatten)]
        course: CourseFolder,
        #[arg(long, value_enum, default_value = "json")]
        format: export::Format,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        drafts: Drafts,
    },
    /// The question bank and the cards written in pages, as an Anki package (notes
    /// update, not duplicate, when a newer one is imported).
    Cards {
        #[command(flatten)]
        course: CourseFolder,
        #[arg(long, value_enum, default_value = "apkg")]
        format: CardsFormat,
        /// The file to write [default: course.apkg].
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        drafts: Drafts,
    },
}

/// The formats `prepress export cards` writes.
#[derive(Clone, Copy, clap::ValueEnum)]
enum CardsFormat {
    /// An Anki package (`.apkg`).
    Apkg,
}

/// The command line's definition: its subcommands and flags, for the guide's command
/// reference to be checked against.
pub fn definition() -> clap::Command {
    Cli::command()
}

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let say = Say {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Build {
            course,
            output,
            base_url,
            drafts,
            pdf,
            chromium,
        } => run_build(
            BuildOptions {
                output,
                base_url,
                progress: !say.quiet,
                pdf,
                chromium,
                ..course.options(drafts)
            },
            say,
        ),
        Command::New {
            kind,
            name,
            section,
            course,
        } => run_new(&course.root, kind, &name, section.as_deref()),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "prepress", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Init { dir } => run_init(dir),
        Command::Import {
            files,
            course: CourseFolder { root },
            to,
            section,
            force,
            strip_html,
        } => {
            let mut options =
                crate::import::ImportOptions::new(&root, to.clone(), section.as_deref(), force);
            options.strip_html = strip_html;
            run_import(&files, &root, to.is_some(), &options)
        }
        Command::Check {
            course,
            format,
            drafts,
        } => run_check(course.options(drafts), format),
        Command::Serve {
            course,
            port,
            bind,
            open,
            drafts,
        } => run_serve(
            ServeOptions {
                build: course.options(drafts),
                bind,
                port,
                verbose: say.verbose,
            },
            open,
        ),
        Command::Export {
            what:
                Export::Questions {
                    course,
                    format,
                    output,
                    drafts,
                },
        } => run_export(course.options(drafts), |course, _| {
            let text = export::questions(course, format);
            let count = course.questions.len();
            match &output {
                Some(path) => write_export(path, text.as_bytes(), &format!("{count} questions")),
                None => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
            }
        }),
        Command::Export {
            what:
                Export::Cards {
                    course,
                    format: CardsFormat::Apkg,
                    output,
                    drafts,
                },
        } => run_export(course.options(drafts), |course, root| {
            let path = output.unwrap_or_else(|| PathBuf::from(crate::prep::anki::FILE_NAME));
            match crate::prep::anki::package(course, root) {
                Ok(bytes) => {
                    let what = format!("an Anki deck of {} bank entries", course.questions.len());
                    write_export(&path, &bytes, &what)
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }),
    }
}

/// How much the command prints besides errors.
#[derive(Clone, Copy)]
struct Say {
    quiet: bool,
    verbose: bool,
}

fn run_build(options: BuildOptions, say: Say) -> ExitCode {
    match build(&options) {
        Ok(built) => {
            if say.quiet {
                return ExitCode::SUCCESS;
            }
            print_all(&built.warnings);
            if say.verbose {
                for stage in &built.stages {
                    let peak = stage.peak_mib.map_or_else(String::new, |mib| {
                        format!(" (peak memory so far {mib} MiB)")
                    });
                    eprintln!("  {}: {} ms{peak}", stage.name, stage.time.as_millis());
                }
            }
            let unchanged = if built.unchanged {
                " (unchanged since the last build, so left as it was)".to_string()
            } else if let Some(rendered) = built.rendered {
                let scanned = built
                    .scanned
                    .map_or_else(String::new, |scanned| format!("{scanned} scanned and "));
                format!(" (after an edit: {scanned}{rendered} rendered again, the rest kept)")
            } else if let Some(scanned) = built.scanned {
                format!(" (after an edit: {scanned} scanned, every page rendered again)")
            } else {
                String::new()
            };
            eprintln!(
                "built {} pages, {} questions, {} warnings in {} ms into {}{unchanged}",
                built.pages,
                built.questions,
                built.warnings.len(),
                built.elapsed.as_millis(),
                options.output_dir().display(),
            );
            ExitCode::SUCCESS
        }
        Err(BuildError::NotACourse(reason)) => not_a_course(reason),
        Err(BuildError::Failed(diagnostics)) => {
            print_all(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "build failed with {errors} error(s); {} was left as it was",
                options.output_dir().display()
            );
            ExitCode::FAILURE
        }
        Err(BuildError::Pdf(error)) => {
            eprintln!(
                "error: {error}\n{} was left as it was",
                options.output_dir().display()
            );
            ExitCode::FAILURE
        }
        Err(BuildError::Write(error)) => {
            eprintln!("error: cannot write the site: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run_new(
    root: &std::path::Path,
    kind: crate::scaffold::new::NewKind,
    name: &str,
    section: Option<&str>,
) -> ExitCode {
    if !root.join(crate::config::CONFIG_FILE).exists() {
        return not_a_course(NotACourse::Missing(root.to_path_buf()));
    }
    match crate::scaffold::new::create(root, kind, name, section) {
        Ok(path) => {
            eprintln!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run_check(options: BuildOptions, format: CheckFormat) -> ExitCode {
    let diagnostics = match crate::pipeline::check::check(&options) {
        Ok(diagnostics) => diagnostics,
        Err(BuildError::NotACourse(reason)) => return not_a_course(reason),
        Err(_) => return ExitCode::FAILURE,
    };
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    match format {
        CheckFormat::Json => print!("{}", crate::pipeline::check::to_json(&diagnostics)),
        CheckFormat::Human => {
            print_all(&diagnostics);
            eprintln!(
                "{errors} error(s), {} warning(s)",
                diagnostics.len() - errors
            );
        }
    }
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn run_import(
    files: &[PathBuf],
    root: &std::path::Path,
    to_given: bool,
    options: &crate::import::ImportOptions,
) -> ExitCode {
    if !to_given && !root.join(crate::config::CONFIG_FILE).exists() {
        return not_a_course(NotACourse::Missing(root.to_path_buf()));
    }
    let mut failed = false;
    for file in files {
        match crate::import::import_file(root, file, options) {
            Ok((target, report)) => {
                eprintln!(
                    "imported {} -> {} ({} in {}): {} headings, {} list items, {} questions, {} repairs",
                    file.display(),
                    target.display(),
                    report.kind,
                    report.encoding,
                    report.headings,
                    report.list_items,
                    report.questions,
                    report.repairs
                );
                print_all(&crate::import::raw_html_warnings(&target, &report));
                if report.stripped_html > 0 {
                    eprintln!("  dropped {} raw HTML element(s)", report.stripped_html);
                }
                for change in &report.changed {
                    eprintln!("  {change}");
                }
            }
            Err(error) => {
                eprintln!("error: {error}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn run_serve(options: ServeOptions, open: bool) -> ExitCode {
    match serve::run(options, open) {
        Ok(()) => ExitCode::SUCCESS,
        Err(ServeError::NotACourse(reason)) => not_a_course(reason),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Links the course and hands it (its default language's, for a course in several) and
/// its folder to `export`, unless the course has errors.
fn run_export(
    options: BuildOptions,
    export: impl FnOnce(&crate::model::Course, &std::path::Path) -> ExitCode,
) -> ExitCode {
    let (course, diagnostics) = match link_course(&options) {
        Ok((courses, diagnostics)) => match courses.into_iter().next() {
            Some(course) => (course, diagnostics),
            None => return ExitCode::FAILURE,
        },
        Err(BuildError::NotACourse(reason)) => return not_a_course(reason),
        Err(_) => return ExitCode::FAILURE,
    };
    if diagnostics.iter().any(|d| d.is_error()) {
        print_all(&diagnostics);
        eprintln!("export failed: fix the errors above first");
        return ExitCode::FAILURE;
    }
    export(&course, &options.root)
}

/// Writes an export to its file and says what it wrote.
fn write_export(path: &std::path::Path, bytes: &[u8], what: &str) -> ExitCode {
    match std::fs::write(path, bytes) {
        Ok(()) => {
            eprintln!("wrote {what} to {}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {}: {error}", path.display());
            ExitCode::FAILURE
        }
    }
}

/// No course here (exit 2), or a broken course.toml (exit 1).
fn not_a_course(reason: NotACourse) -> ExitCode {
    match reason {
        NotACourse::Missing(root) => {
            eprintln!(
                "error: no course.toml in {}\n  hint: run `prepress init` to start a new course here, or pass --root DIR",
                root.display()
            );
            ExitCode::from(2)
        }
        NotACourse::Invalid(diagnostic) => {
            print_all(&[*diagnostic]);
            ExitCode::FAILURE
        }
    }
}

fn run_init(dir: PathBuf) -> ExitCode {
    match crate::scaffold::init::init(&dir) {
        Ok(count) => {
            eprintln!(
                "wrote the example course ({count} files) into {}\n  next: cd {} && prepress build",
                dir.display(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
