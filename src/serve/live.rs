//! The live site of `prepress serve`: the course kept in memory between edits. It holds
//! the parsed sources, the last good linked course and rendered site, and the current
//! problems. [`LiveSite::apply`] takes the paths an editor touched and brings the site up
//! to date in two steps: first the edited page alone (when only its text changed), so
//! the page being written shows the change at once; then everything else, by linking the
//! whole course again and rendering the pages that the [dependency map](crate::pipeline::depend)
//! says can differ. The second step links and renders on threads of its own, of low
//! priority, and is dropped the moment a newer update waits (see
//! [`LiveSite::yield_to_newer_updates`]): that update's first step never queues behind
//! it, and its own second step redoes the work. A content or template error keeps the last
//! good site and is reported; fixing it clears the report. The files made from the whole
//! course (the print page, the search index, the sitemap and the downloads) come last,
//! as a separate piece of work that `serve` runs on its own thread, so that a save never
//! waits for them. With them, the result is the same as a full build.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use bytes::Bytes;

use crate::config::{CONFIG_FILE, CourseConfig};
use crate::config::{CONTENT_DIR, slash_path};
use crate::diagnostic::Diagnostic;
use crate::link::{LinkIndex, LinkOptions, link, page_from, relink_page};
use crate::model::generated::PRINT_URL;
use crate::model::{Course, LectureId, PageRef, SectionId};
use crate::pipeline::depend::{Affected, affected};
use crate::pipeline::{BuildOptions, let_go};
use crate::prep::questions::QuestionScanner;
use crate::render::graph::LinkedFrom;
use crate::render::theme::Theme;
use crate::render::{Job, Pages, all_jobs, render, render_edited_page, render_static};
use crate::site::CourseWide;
use crate::source::{
    Loaded, NotACourse, Source, is_markdown, load_file, read_config, walk_content,
};

/// Pages the second step of an update renders between two looks for a newer save: a
/// few milliseconds of work on two cores.
const PAGES_BETWEEN_LOOKS: usize = 8;

/// How often a rebuild waiting for its link looks for a newer update.
const LOOK_FOR_NEWER_UPDATES: std::time::Duration = std::time::Duration::from_millis(2);

/// Which step of an update a publication belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The edited page alone, right away.
    EditedPage,
    /// Everything the edit affects.
    Rest,
    /// The files made from the whole course (print page, search index, sitemap,
    /// downloads), built after the rest and off the rebuild thread.
    Background,
}

/// What an update changed in the served site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Output paths written or rewritten.
    pub written: Vec<String>,
    /// Output paths that no longer exist.
    pub removed: Vec<String>,
    /// Whether the problems being reported changed.
    pub problems: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty() && !self.problems
    }
}

/// Output path -> bytes, shared with whoever serves them.
pub type LiveFiles = BTreeMap<String, Bytes>;

/// The course of `prepress serve`, in memory.
pub struct LiveSite {
    options: BuildOptions,
    config: CourseConfig,
    /// Shared with a relink running on its own thread (see [`LiveSite::rebuild`]).
    sources: BTreeMap<String, Arc<Source>>,
    /// When git says each file last changed (`source::history`), read with the whole
    /// course: a save does not commit, so the dates stand until the course is read again.
    dates: HashMap<String, String>,
    /// Problems found while reading each file.
    file_problems: BTreeMap<String, Vec<Diagnostic>>,
    assets: BTreeMap<String, Vec<u8>>,
    theme: Result<Arc<Theme>, Vec<Diagnostic>>,
    course: Option<Arc<Course>>,
    /// The next rebuild renders every page (the theme changed).
    render_all: bool,
    /// The last good site. Shared bytes, so that serving a file never copies it.
    pub files: LiveFiles,
    /// The errors that keep the site from being rebuilt; empty when it is up to date.
    pub errors: Vec<Diagnostic>,
    /// Warnings of the last good build.
    pub warnings: Vec<Diagnostic>,
    /// The page the first step changed in `course`, as it was before: the second step
    /// compares the new course with what was rendered.
    edited_before: Option<(PageRef, crate::model::Page)>,
    /// The whole-course files the last rebuild calls for, if not yet taken. The work
    /// takes its share of the course only when it starts: until then the first step of
    /// an edit can change the course in place, without copying it.
    background: Option<BackgroundDue>,
    /// The threads of the second step, of low priority, apart from the pool the first
    /// step uses (when they could be made).
    second_step_pool: Arc<Option<rayon::ThreadPool>>,
    /// The link stage's index of the course's pages, for the first step's relink of one
    /// page; made once per linked course.
    link_index: Option<LinkIndex>,
    /// Which pages link to each, for the first step's backlinks and local graph of one
    /// page; made once per linked course.
    linked_from: Option<LinkedFrom>,
    /// The print page is out of date until a background result brings it.
    print_stale: bool,
    /// The paths of the sitemap and the downloads, as the last background result made
    /// them.
    course_files: BTreeSet<String>,
    /// Counts the rebuilds; a background result of an older one is dropped.
    generation: u64,
    /// Set while another update waits: the second step then stops early.
    newer_waiting: Option<Arc<AtomicBool>>,
}

/// What a rebuild leaves for later: the files made from the whole course, which take
/// long and which the page being edited does not need: the print page, the search
/// index, the sitemap and the downloads. `serve` builds them off the rebuild thread
/// ([`LiveSite::take_background_work`], then [`BackgroundWork::run`] and
/// [`LiveSite::apply_background`]), so a save never waits.
pub struct BackgroundWork {
    generation: u64,
    course: Arc<Course>,
    theme: Arc<Theme>,
    print: bool,
    /// The course folder.
    root: PathBuf,
}

/// Whole-course files a rebuild calls for: of which rebuild, whether the print pages
/// are among them, and a copy of that rebuild's course of their own (made on the
/// rebuild's thread), so that the live course is never shared and an edit's first step
/// never has to copy it.
struct BackgroundDue {
    generation: u64,
    print: bool,
    course: Arc<Course>,
}

/// The files built from a [`BackgroundWork`].
pub struct BackgroundFiles {
    generation: u64,
    files: CourseWide,
}

impl BackgroundWork {
    /// Renders the print page (when due), the sitemap, the downloads and the search
    /// index; needs nothing of the site.
    pub fn run(self) -> BackgroundFiles {
        BackgroundFiles {
            generation: self.generation,
            files: CourseWide::build(&self.course, &self.theme, self.print, &self.root),
        }
    }
}

impl LiveSite {
    /// Reads the whole course and builds it in memory. Errors in the content or the
    /// theme are kept in [`LiveSite::errors`]; only a missing or broken `course.toml` fails.
    pub fn open(options: BuildOptions) -> Result<Self, NotACourse> {
        let config = Self::read_config(&options)?;
        let theme = Theme::load(&options.root, &config).map(Arc::new);
        let mut site = Self {
            options,
            config,
            sources: BTreeMap::new(),
            dates: HashMap::new(),
            file_problems: BTreeMap::new(),
            assets: BTreeMap::new(),
            theme,
            course: None,
            render_all: true,
            files: LiveFiles::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            edited_before: None,
            background: None,
            link_index: None,
            linked_from: None,
            second_step_pool: Arc::new(
                rayon::ThreadPoolBuilder::new()
                    .start_handler(|_| super::lower_priority())
                    .build()
                    .ok(),
            ),
            print_stale: false,
            course_files: BTreeSet::new(),
            generation: 0,
            newer_waiting: None,
        };
        site.read_all_content();
        site.rebuild(&mut |_, _, _| {});
        site.finish_background(&mut |_, _, _| {});
        Ok(site)
    }

    fn read_config(options: &BuildOptions) -> Result<CourseConfig, NotACourse> {
        let mut config = read_config(&options.root)?;
        options.apply_to(&mut config);
        Ok(config)
    }

    /// The course root.
    pub fn root(&self) -> &Path {
        &self.options.root
    }

    /// Makes the second step of an update stop early whenever `flag` is set, leaving
    /// its work to the next update: `serve` sets it when another save is waiting, so
    /// that save's edited page need not wait for a relink it would make out of date.
    pub fn yield_to_newer_updates(&mut self, flag: Arc<AtomicBool>) {
        self.newer_waiting = Some(flag);
    }

    /// Whether a newer update is waiting. Stopping then is always safe: the state is
    /// left as it was, and the next update's second step redoes the work.
    fn newer_update_waiting(&self) -> bool {
        self.newer_waiting
            .as_ref()
            .is_some_and(|flag| flag.load(Ordering::Acquire))
    }

    /// Whether the last rebuild calls for whole-course files not yet taken.
    pub fn has_background_work(&self) -> bool {
        self.background.is_some()
    }

    /// The whole-course files the last rebuild calls for, if not yet taken.
    pub fn take_background_work(&mut self) -> Option<BackgroundWork> {
        // Kept for later while there is no theme to build them with.
        let theme = Arc::clone(self.theme.as_ref().ok()?);
        let due = self.background.take()?;
        Some(BackgroundWork {
            generation: due.generation,
            course: due.course,
            theme,
            print: due.print,
            root: self.options.root.clone(),
        })
    }

    /// Puts the files of [`LiveSite::take_background_work`] into the site, unless a
    /// later rebuild has made them out of date.
    pub fn apply_background(
        &mut self,
        files: BackgroundFiles,
        publish: &mut dyn FnMut(&LiveSite, Step, &Changes),
    ) {
        if files.generation != self.generation {
            return;
        }
        let files = files.files;
        let mut changes = Changes::default();
        let print = match files.print {
            Ok(print) => print,
            Err(errors) => return self.report(errors, publish),
        };
        if !print.is_empty() {
            self.print_stale = false;
        }
        let index = files.search.unwrap_or_default();
        let course_files = files.course_files;
        let stale: Vec<String> = self
            .files
            .keys()
            .filter(|p| {
                (p.starts_with(crate::model::generated::SEARCH_INDEX_FOLDER)
                    && !index.contains_key(*p))
                    || (self.course_files.contains(*p) && !course_files.contains_key(*p))
            })
            .cloned()
            .collect();
        for path in stale {
            self.files.remove(&path);
            changes.removed.push(path);
        }
        self.course_files = course_files.keys().cloned().collect();
        for (path, bytes) in print.into_iter().chain(course_files).chain(index) {
            if self.files.get(&path).is_none_or(|old| *old != bytes) {
                self.files.insert(path.clone(), Bytes::from(bytes));
                changes.written.push(path);
            }
        }
        publish(self, Step::Background, &changes);
    }

    /// Builds the pending whole-course files, if any, here and now.
    pub fn finish_background(&mut self, publish: &mut dyn FnMut(&LiveSite, Step, &Changes)) {
        if let Some(work) = self.take_background_work() {
            self.apply_background(work.run(), publish);
        }
    }

    /// Brings the site up to date after `paths` changed on disk. `publish` is called
    /// after each step with what it changed.
    pub fn apply(&mut self, paths: &[PathBuf], publish: &mut dyn FnMut(&LiveSite, Step, &Changes)) {
        let root = self.options.root.clone();
        let relative: Vec<PathBuf> = paths
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap_or(p).to_path_buf())
            .collect();
        if relative.iter().any(|p| p == Path::new(CONFIG_FILE)) {
            match Self::read_config(&self.options) {
                Ok(config) => self.config = config,
                Err(NotACourse::Invalid(diagnostic)) => {
                    return self.report(vec![*diagnostic], publish);
                }
                Err(NotACourse::Missing(_)) => {
                    let missing =
                        Diagnostic::error(CONFIG_FILE, "config", "course.toml was removed");
                    return self.report(vec![missing], publish);
                }
            }
            self.theme = Theme::load(&root, &self.config).map(Arc::new);
            self.read_all_content();
            self.render_all = true;
            return self.rebuild(publish);
        }
        if relative
            .iter()
            .any(|p| p.starts_with(crate::config::THEMES_DIR))
        {
            self.theme = Theme::load(&root, &self.config).map(Arc::new);
            // Every page goes through the templates: render them all, without re-reading.
            self.render_all = true;
        }
        let content: Vec<&PathBuf> = relative
            .iter()
            .filter(|p| p.starts_with(CONTENT_DIR))
            .collect();
        if let [single] = content.as_slice()
            && self.errors.is_empty()
            && !self.in_several_languages()
            && let Some(changes) = self.edit_one_page(single)
        {
            publish(self, Step::EditedPage, &changes);
        } else {
            self.read_content_changes(&content);
        }
        self.rebuild(publish);
    }

    /// Whether the course is written in several languages (`[languages]`).
    fn in_several_languages(&self) -> bool {
        self.config.languages.0.len() > 1
    }

    /// A course in several languages is built whole after every change, as `build`
    /// builds it (in memory): its languages' trees share their pages, and the two-step
    /// update knows one tree.
    fn rebuild_every_language(&mut self, publish: &mut dyn FnMut(&LiveSite, Step, &Changes)) {
        let built = match crate::pipeline::build_in_memory(&self.options) {
            Ok(built) => built,
            Err(crate::pipeline::BuildError::Failed(problems)) => {
                let errors = problems.into_iter().filter(Diagnostic::is_error).collect();
                return self.report(errors, publish);
            }
            Err(crate::pipeline::BuildError::NotACourse(NotACourse::Invalid(diagnostic))) => {
                return self.report(vec![*diagnostic], publish);
            }
            Err(_) => {
                let error =
                    Diagnostic::error(CONFIG_FILE, "build", "the course could not be built");
                return self.report(vec![error], publish);
            }
        };
        let removed: Vec<String> = self
            .files
            .keys()
            .filter(|path| !built.files.contains_key(*path))
            .cloned()
            .collect();
        for path in &removed {
            self.files.remove(path);
        }
        let mut written = Vec::new();
        for (path, bytes) in built.files {
            if self.files.get(&path).is_none_or(|old| *old != bytes) {
                self.files.insert(path.clone(), Bytes::from(bytes));
                written.push(path);
            }
        }
        let problems =
            !self.errors.is_empty() || !same_diagnostics(&self.warnings, &built.warnings);
        self.errors.clear();
        self.warnings = built.warnings;
        self.render_all = false;
        publish(
            self,
            Step::Rest,
            &Changes {
                written,
                removed,
                problems,
            },
        );
    }

    /// Every Markdown file and asset of `content/`, read again.
    fn read_all_content(&mut self) {
        let root = self.options.root.clone();
        let mut walk_problems = Vec::new();
        let files = walk_content(&root, &self.config, &mut walk_problems);
        self.dates.clear();
        if let Some(history) = crate::source::history::History::read(&root) {
            self.dates = history.dates;
            self.config.repository_folder.get_or_insert(history.folder);
        }
        self.sources.clear();
        self.file_problems.clear();
        self.assets.clear();
        for file in files {
            self.read_file(&file);
        }
        if !walk_problems.is_empty() {
            self.file_problems.insert(String::new(), walk_problems);
        }
    }

    /// Reads one file of `content/` (a path relative to it) into the sources or assets.
    fn read_file(&mut self, content_path: &str) {
        let root = &self.options.root;
        self.file_problems.remove(content_path);
        if is_markdown(content_path) {
            let (source, problems) = load_file(
                root,
                content_path,
                &QuestionScanner::for_course(&self.config),
            );
            match source {
                Some(mut source) => {
                    source.updated = self.dates.get(&slash_path(&source.path)).cloned();
                    self.sources
                        .insert(content_path.to_string(), Arc::new(source));
                }
                None => {
                    self.sources.remove(content_path);
                }
            }
            if !problems.is_empty() {
                self.file_problems
                    .insert(content_path.to_string(), problems);
            }
        } else if let Ok(bytes) = std::fs::read(root.join(CONTENT_DIR).join(content_path)) {
            self.assets.insert(content_path.to_string(), bytes);
        }
    }

    /// Files changed, added or removed under `content/`: read what is there now. A folder
    /// (added, removed or renamed) is read again whole.
    fn read_content_changes(&mut self, paths: &[&PathBuf]) {
        let root = self.options.root.clone();
        let content_dir = root.join(CONTENT_DIR);
        let mut rescan = false;
        for path in paths {
            let Ok(relative) = path.strip_prefix(CONTENT_DIR) else {
                continue;
            };
            let key = slash_path(relative);
            let on_disk = content_dir.join(relative);
            if on_disk.is_file() {
                self.read_file(&key);
            } else {
                rescan = true;
            }
        }
        if rescan {
            let mut problems = Vec::new();
            let present: BTreeSet<String> = walk_content(&root, &self.config, &mut problems)
                .into_iter()
                .collect();
            self.sources.retain(|path, _| present.contains(path));
            self.assets.retain(|path, _| present.contains(path));
            self.file_problems
                .retain(|path, _| path.is_empty() || present.contains(path));
            for path in &present {
                if !self.sources.contains_key(path) && !self.assets.contains_key(path) {
                    self.read_file(path);
                }
            }
        }
    }

    /// The first step for an edit of one page's text: when nothing but its text changed
    /// (same title, URL, order, principles, questions), patch the page in the linked
    /// course and render it alone.
    fn edit_one_page(&mut self, path: &Path) -> Option<Changes> {
        let relative = path.strip_prefix(CONTENT_DIR).ok()?;
        let key = slash_path(relative);
        if !is_markdown(&key) || !self.options.root.join(path).is_file() {
            return None;
        }
        let before = self.sources.get(&key)?.clone();
        self.read_file(&key);
        let after = self.sources.get(&key)?;
        if self.file_problems.contains_key(&key) || !same_identity(&before, after) {
            return None;
        }
        let after = Source::clone(after);
        let theme = self.theme.as_ref().ok()?;
        let course = Arc::make_mut(self.course.as_mut()?);
        let page_ref = find_page(course, &after.path)?;
        // Who links to whom, as the last relink found it: true of this course while no
        // other page's text has changed since.
        let linked_from = self.linked_from.as_ref().filter(|_| {
            self.edited_before
                .as_ref()
                .is_none_or(|(edited, _)| *edited == page_ref)
        });
        let page = course.page_mut(page_ref);
        if self.edited_before.is_none() {
            self.edited_before = Some((page_ref, page.clone()));
        }
        *page = page_from(after, page.title.clone(), page.url.clone());
        let index = self
            .link_index
            .get_or_insert_with(|| LinkIndex::new(course));
        relink_page(course, index, page_ref);
        let job = match page_ref {
            PageRef::Section(id) => Job::Section(id),
            PageRef::Lecture(id) => Job::Lecture(id),
        };
        let rendered = match linked_from {
            Some(linked_from) => {
                let url = course.page(page_ref).url.clone();
                render_edited_page(course, theme, job, &url, linked_from)
            }
            None => render(course, theme, &[job], None),
        }
        .ok()?;
        let written = rendered.keys().cloned().collect();
        self.files.extend(
            rendered
                .into_iter()
                .map(|(path, bytes)| (path, Bytes::from(bytes))),
        );
        Some(Changes {
            written,
            removed: Vec::new(),
            problems: false,
        })
    }

    /// Links the whole course again and renders what changed; or reports the errors and
    /// keeps the last good site.
    fn rebuild(&mut self, publish: &mut dyn FnMut(&LiveSite, Step, &Changes)) {
        if self.newer_update_waiting() {
            return;
        }
        if self.in_several_languages() {
            return self.rebuild_every_language(publish);
        }
        let mut problems: Vec<Diagnostic> = Vec::new();
        let theme = match &self.theme {
            Ok(theme) => Some(Arc::clone(theme)),
            Err(errors) => {
                problems.extend(errors.iter().cloned());
                None
            }
        };
        let Some((course, link_problems)) = self.link_unless_a_newer_update_waits() else {
            return;
        };
        problems.extend(link_problems);
        crate::diagnostic::sort(&mut problems);
        let (errors, warnings): (Vec<_>, Vec<_>) =
            problems.into_iter().partition(Diagnostic::is_error);
        let Some(theme) = theme.filter(|_| errors.is_empty()) else {
            return self.report(errors, publish);
        };
        // Compare with the course as it was before the first step changed its page.
        if let (Some(old), Some((page_ref, page))) =
            (self.course.as_mut(), self.edited_before.take())
        {
            *Arc::make_mut(old).page_mut(page_ref) = page;
        }
        let changed = match &self.course {
            Some(old) if !self.render_all => affected(old, &course),
            _ => Affected::All,
        };
        let (jobs, everything): (Vec<Job>, bool) = match changed {
            Affected::Pages(jobs) => (jobs.into_iter().collect(), false),
            Affected::All => (all_jobs(&course), true),
        };
        // The print page holds the whole course: it is built in the background.
        self.print_stale |= jobs.contains(&Job::Print);
        // On a thread of its own: an edit that touches the question bank re-renders
        // every page that shows it, and the next save's edited page should not wait for
        // them. In pieces, so that thread too stops soon when a newer save comes.
        let pages: Vec<Job> = jobs.iter().copied().filter(|&j| j != Job::Print).collect();
        let rendering = self.on_its_own_thread(move |dropped| {
            let mut rendered = render_static(&course, &theme);
            let mut errors: Vec<Diagnostic> = Vec::new();
            let renderer = Pages::new(&course, &theme, pages.len());
            for piece in pages.chunks(PAGES_BETWEEN_LOOKS) {
                if dropped.load(Ordering::Acquire) {
                    break;
                }
                match renderer.render(piece, None) {
                    Ok(files) => rendered.extend(files),
                    Err(found) => errors.extend(found),
                }
            }
            // For the next edit's first step and for the whole-course files, made here
            // rather than before them.
            let link_index = LinkIndex::new(&course);
            let linked_from = LinkedFrom::of(&course);
            let for_background = Arc::new(Course::clone(&course));
            (
                course,
                rendered,
                errors,
                (link_index, linked_from),
                for_background,
            )
        });
        let Some((course, mut rendered, errors, (link_index, linked_from), for_background)) =
            rendering
        else {
            return;
        };
        if !errors.is_empty() {
            return self.report(errors, publish);
        }
        for (path, bytes) in &self.assets {
            rendered.insert(path.clone(), bytes.clone());
        }
        let mut removed: Vec<String> = Vec::new();
        if everything {
            removed = self
                .files
                .keys()
                .filter(|p| {
                    !rendered.contains_key(*p)
                        && !p.starts_with(crate::model::generated::SEARCH_INDEX_FOLDER)
                        // The print pages' folder, rebuilt in the background.
                        && !p.starts_with(PRINT_URL)
                        && !self.course_files.contains(*p)
                })
                .cloned()
                .collect();
        }
        for path in &removed {
            self.files.remove(path);
        }
        let written: Vec<String> = rendered
            .into_iter()
            .filter_map(|(path, bytes)| match self.files.get(&path) {
                Some(old) if *old == bytes => None,
                _ => {
                    self.files.insert(path.clone(), Bytes::from(bytes));
                    Some(path)
                }
            })
            .collect();
        let course = Arc::new(course);
        if !written.is_empty() || everything || self.print_stale {
            self.generation += 1;
            let due = BackgroundDue {
                generation: self.generation,
                print: self.print_stale,
                course: for_background,
            };
            // Freeing a big course takes a while: the next save need not wait for it.
            if let Some(old) = self.background.replace(due) {
                let_go(old);
            }
        } else {
            let_go(for_background);
        }
        let problems_changed =
            !self.errors.is_empty() || !same_diagnostics(&self.warnings, &warnings);
        self.errors.clear();
        self.warnings = warnings;
        self.link_index = Some(link_index);
        self.linked_from = Some(linked_from);
        // Freeing a big course takes a while: the next save need not wait for it.
        if let Some(old) = self.course.replace(course) {
            let_go(old);
        }
        self.render_all = false;
        publish(
            self,
            Step::Rest,
            &Changes {
                written,
                removed,
                problems: problems_changed,
            },
        );
    }

    /// Links the whole course (see [`LiveSite::on_its_own_thread`]).
    fn link_unless_a_newer_update_waits(&self) -> Option<(Course, Vec<Diagnostic>)> {
        let sources: Vec<Arc<Source>> = self.sources.values().cloned().collect();
        let root = self.options.root.clone();
        let config = self.config.clone();
        let assets = self.assets.keys().cloned().collect();
        // Linking passes them on, and knows the files that could not be read.
        let diagnostics = self.file_problems.values().flatten().cloned().collect();
        let options = LinkOptions {
            drafts: self.options.drafts,
            theme_static: crate::render::theme::static_origins(&root, &config.theme),
            // `serve` keeps the site in memory: no build before it to compare with.
            earlier: None,
        };
        self.on_its_own_thread(move |_| {
            let loaded = Loaded {
                root,
                config,
                sources: sources.into_iter().map(Arc::unwrap_or_clone).collect(),
                assets,
                diagnostics,
            };
            link(loaded, options)
        })
    }

    /// Runs a long part of the second step on a thread of its own and waits for it,
    /// unless a newer update comes first: then it gives `None` at once, this rebuild is
    /// dropped (the next redoes it), and that update's first step is not kept waiting.
    /// The work is told it was dropped through the flag it is given (set for good, unlike
    /// the one for waiting updates, which the next update clears), so it can stop early;
    /// what it makes is thrown away.
    fn on_its_own_thread<T: Send + 'static>(
        &self,
        work: impl FnOnce(&AtomicBool) -> T + Send + 'static,
    ) -> Option<T> {
        let (send, done) = mpsc::channel();
        let pool = Arc::clone(&self.second_step_pool);
        let dropped = Arc::new(AtomicBool::new(false));
        let told = Arc::clone(&dropped);
        std::thread::spawn(move || {
            let _ = send.send(match pool.as_ref() {
                Some(pool) => pool.install(|| work(&told)),
                None => work(&told),
            });
        });
        loop {
            match done.recv_timeout(LOOK_FOR_NEWER_UPDATES) {
                Ok(made) if !self.newer_update_waiting() => return Some(made),
                Err(mpsc::RecvTimeoutError::Timeout) if !self.newer_update_waiting() => {}
                Ok(_) | Err(mpsc::RecvTimeoutError::Timeout) => {
                    dropped.store(true, Ordering::Release);
                    return None;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    eprintln!(
                        "prepress: internal error: a rebuild stopped half-way; the last good \
                         site is still served, and the next save rebuilds it"
                    );
                    return None;
                }
            }
        }
    }

    /// Keeps the last good site and reports what is wrong.
    fn report(
        &mut self,
        errors: Vec<Diagnostic>,
        publish: &mut dyn FnMut(&LiveSite, Step, &Changes),
    ) {
        let changed = !same_diagnostics(&self.errors, &errors);
        self.errors = errors;
        publish(
            self,
            Step::Rest,
            &Changes {
                problems: changed,
                ..Changes::default()
            },
        );
    }
}

/// The page made from a file. The paths are compared as written (both are the content
/// folder joined with the file's path in it): comparing them part by part took 2–3 ms
/// of a save's first step on a course of 10,000 pages.
fn find_page(course: &Course, file: &Path) -> Option<PageRef> {
    let file = file.as_os_str();
    let made_from = |page: &crate::model::Page| page.file.as_os_str() == file;
    if let Some(id) = course.sections.iter().position(|s| made_from(&s.page)) {
        return Some(PageRef::Section(SectionId(id)));
    }
    course
        .lectures
        .iter()
        .position(|l| made_from(&l.page))
        .map(LectureId)
        .filter(|&id| {
            course.sections[course.lectures[id].section]
                .lectures
                .contains(&id)
        })
        .map(PageRef::Lecture)
}

/// Whether an edit left everything but the page's own text as it was: no key whose
/// change reaches other pages changed, nor the first heading (a title's fallback).
fn same_identity(before: &Source, after: &Source) -> bool {
    before.front_matter.same_for_the_course(&after.front_matter)
        && before.scan.title() == after.scan.title()
}

fn same_diagnostics(a: &[Diagnostic], b: &[Diagnostic]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.file == y.file && x.line == y.line && x.column == y.column && x.message == y.message
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::front_matter::{KEYS, Reach};

    /// A course folder with one section and one lecture, removed when dropped.
    fn course() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "title = \"T\"\n").unwrap();
        let section = dir.path().join(CONTENT_DIR).join("s");
        std::fs::create_dir_all(&section).unwrap();
        std::fs::write(section.join("_index.md"), "---\ntitle: S\n---\n").unwrap();
        std::fs::write(section.join("a.md"), "---\ntitle: A\n---\nText.\n").unwrap();
        dir
    }

    /// Saves the lecture with `front matter` and gives the steps the update took.
    fn save(site: &mut LiveSite, dir: &Path, front_matter: &str) -> Vec<(Step, Changes)> {
        let file = dir.join(CONTENT_DIR).join("s").join("a.md");
        std::fs::write(&file, format!("---\ntitle: A\n{front_matter}---\nText.\n")).unwrap();
        let mut steps = Vec::new();
        site.apply(&[file], &mut |_, step, changes| {
            steps.push((step, changes.clone()))
        });
        steps
    }

    #[test]
    fn a_key_that_reaches_only_its_page_is_shown_before_the_relink() {
        let dir = course();
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        };
        let mut site = LiveSite::open(options).unwrap();
        assert!(site.errors.is_empty(), "{:?}", site.errors);
        for key in KEYS.iter().filter(|key| key.name != "title") {
            let steps = save(
                &mut site,
                dir.path(),
                &format!("{}: {}\n", key.name, key.example),
            );
            let first = steps.first().map(|(step, _)| *step);
            let alone = first == Some(Step::EditedPage);
            assert_eq!(alone, key.reach == Reach::Page, "`{}`: {steps:?}", key.name);
            if alone {
                // The page and its Markdown copy (`llms_txt`).
                assert_eq!(
                    steps[0].1.written,
                    ["s/a/index.html", "s/a/index.html.md"],
                    "{}",
                    key.name
                );
            }
            save(&mut site, dir.path(), "");
        }
    }

    #[test]
    fn the_edited_page_shows_the_backlinks_and_graph_a_full_build_gives() {
        let dir = course();
        let section = dir.path().join(CONTENT_DIR).join("s");
        let page = |name: &str, links: &[&str]| {
            let links: Vec<String> = links
                .iter()
                .map(|to| format!("See [{to}]({to}.md)."))
                .collect();
            let text = format!(
                "---\ntitle: {}\n---\nText.\n\n{}\n",
                name.to_uppercase(),
                links.join("\n\n")
            );
            std::fs::write(section.join(format!("{name}.md")), text).unwrap();
        };
        // A web of pages: b, c and f link to a; the rest link on, two and three links away.
        page("a", &["b", "c"]);
        page("b", &["a", "d"]);
        page("c", &["a"]);
        page("d", &["c", "e"]);
        page("e", &["d"]);
        page("f", &["a", "g"]);
        page("g", &["e"]);
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        };
        let mut site = LiveSite::open(options.clone()).unwrap();
        assert!(site.errors.is_empty(), "{:?}", site.errors);
        // Each edit changes the page's own links: one dropped, others added.
        for links in [&["d", "e"][..], &["g"], &[]] {
            page("a", links);
            let mut first: Option<Bytes> = None;
            site.apply(&[section.join("a.md")], &mut |site, step, _| {
                if step == Step::EditedPage {
                    first = site.files.get("s/a/index.html").cloned();
                }
            });
            let first = first.expect("the edited page, shown before the relink");
            let built = crate::pipeline::build_in_memory(&options).unwrap();
            let html = String::from_utf8_lossy(&first);
            assert!(
                html == String::from_utf8_lossy(&built.files["s/a/index.html"]),
                "{links:?}: {html}"
            );
            assert!(html.contains("graph"), "{html}");
        }
    }

    #[test]
    fn a_new_first_heading_is_a_new_title_when_front_matter_has_none() {
        let before = parse("# One\n");
        assert!(same_identity(&before, &parse("# One\n\nMore.\n")));
        assert!(!same_identity(&before, &parse("# Two\n")));
    }

    fn parse(text: &str) -> Source {
        crate::source::parse_source(
            PathBuf::from("content/a.md"),
            "a.md".to_string(),
            Arc::from(text),
            &QuestionScanner::default(),
        )
        .0
        .unwrap()
    }
}
