//! When each content file last changed, read from the git repository the course is in
//! (with gix, never by running `git`): the date of the newest commit on HEAD's
//! first-parent line whose tree holds other bytes at the file's path than its parent's.
//! The date is the committer's, in the committer's own time zone, so the same commit
//! always gives the same date. A course outside a repository, a file never committed, a
//! bare repository or a broken one: no dates and no error. A shallow clone's history
//! stops at its boundary, so a file unchanged since before it gets no date either (not
//! the boundary's, which would be later than the truth).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use gix::ObjectId;

/// What git says of a course's files.
#[derive(Debug, Default, Clone)]
pub struct History {
    /// The date (`2025-08-07`) of each file's last commit, by its path relative to the
    /// course folder (`content/a/b.md`).
    pub dates: HashMap<String, String>,
    /// The course folder's path in the repository (`""` at its root, else `docs`).
    pub folder: String,
}

impl History {
    /// The history of the course at `root`, or `None` when it is not in a repository
    /// with a commit.
    pub fn read(root: &Path) -> Option<Self> {
        let repository = gix::discover(root).ok()?;
        let workdir = repository.workdir()?.canonicalize().ok()?;
        let course = root.canonicalize().ok()?;
        let folder = crate::config::slash_path(course.strip_prefix(&workdir).ok()?);
        let content = match folder.as_str() {
            "" => crate::config::CONTENT_DIR.to_string(),
            folder => format!("{folder}/{}", crate::config::CONTENT_DIR),
        };
        let mut walk = Walk {
            repository: &repository,
            dates: HashMap::new(),
            wanted: HashSet::new(),
            buffer: Vec::new(),
        };
        let mut commit = repository.head_commit().ok()?;
        let mut tree = walk.subtree(commit.tree_id().ok()?.detach(), &content);
        if let Some(tree) = tree {
            walk.wanted = walk.files(tree, crate::config::CONTENT_DIR);
        }
        while walk.dates.len() < walk.wanted.len() {
            let Some(time) = commit.time().ok() else {
                break;
            };
            let parent_id = commit.parent_ids().next().map(|id| id.detach());
            let parent = match parent_id {
                Some(id) => match repository.find_commit(id) {
                    Ok(parent) => Some(parent),
                    // A shallow clone's boundary: what is older is not known.
                    Err(_) => break,
                },
                None => None,
            };
            let parent_tree = parent
                .as_ref()
                .and_then(|parent| walk.subtree(parent.tree_id().ok()?.detach(), &content));
            let date = local_date(time);
            walk.changed(tree, parent_tree, crate::config::CONTENT_DIR, &date);
            match parent {
                Some(parent) => {
                    commit = parent;
                    tree = parent_tree;
                }
                None => break,
            }
        }
        Some(History {
            dates: walk.dates,
            folder,
        })
    }
}

/// The commit HEAD names in the repository the course at `root` is in, in hex; `None`
/// outside a repository or before its first commit. A build's fingerprint holds it: a
/// commit changes the dates pages show even when no file changes.
pub fn head(root: &Path) -> Option<String> {
    let repository = gix::discover(root).ok()?;
    let id = repository.head_id().ok()?;
    Some(id.to_string())
}

/// The commit's date where it was made: `2025-08-07`.
fn local_date(time: gix::date::Time) -> String {
    let offset = jiff::tz::Offset::from_seconds(time.offset).unwrap_or(jiff::tz::Offset::UTC);
    jiff::Timestamp::from_second(time.seconds)
        .map(|at| offset.to_datetime(at).date().to_string())
        .unwrap_or_default()
}

struct Walk<'a> {
    repository: &'a gix::Repository,
    /// The date found for each file so far (the newest change comes first).
    dates: HashMap<String, String>,
    /// The files HEAD's `content/` holds: only they get dates, and the walk stops when
    /// each has one.
    wanted: HashSet<String>,
    buffer: Vec<u8>,
}

impl Walk<'_> {
    /// The tree at `path` (`/`-separated) under the tree `root`.
    fn subtree(&mut self, root: ObjectId, path: &str) -> Option<ObjectId> {
        let mut id = root;
        for name in path.split('/').filter(|name| !name.is_empty()) {
            let entries = self.entries(id)?;
            id = entries
                .into_iter()
                .find(|entry| entry.name == name && entry.is_tree)?
                .id;
        }
        Some(id)
    }

    /// The entries of the tree `id`, or `None` when it cannot be read.
    fn entries(&mut self, id: ObjectId) -> Option<Vec<Entry>> {
        let object = self.repository.find_object(id).ok()?;
        self.buffer.clear();
        self.buffer.extend_from_slice(&object.data);
        let tree = gix::objs::TreeRef::from_bytes(&self.buffer, id.kind()).ok()?;
        Some(
            tree.entries
                .iter()
                .map(|entry| Entry {
                    name: String::from_utf8_lossy(entry.filename).into_owned(),
                    id: entry.oid.to_owned(),
                    is_tree: entry.mode.is_tree(),
                })
                .collect(),
        )
    }

    /// The paths of the files the tree `id` at `path` holds, its subtrees' included.
    fn files(&mut self, id: ObjectId, path: &str) -> HashSet<String> {
        let mut files = HashSet::new();
        for entry in self.entries(id).unwrap_or_default() {
            let entry_path = format!("{path}/{}", entry.name);
            if entry.is_tree {
                files.extend(self.files(entry.id, &entry_path));
            } else {
                files.insert(entry_path);
            }
        }
        files
    }

    /// Gives `date` to each file under `path` whose bytes in `tree` differ from those in
    /// `parent` (or that `parent` lacks), unless a newer commit gave it one.
    fn changed(
        &mut self,
        tree: Option<ObjectId>,
        parent: Option<ObjectId>,
        path: &str,
        date: &str,
    ) {
        let Some(tree) = tree else { return };
        if Some(tree) == parent {
            return;
        }
        let entries = self.entries(tree).unwrap_or_default();
        let before: HashMap<String, Entry> = parent
            .and_then(|parent| self.entries(parent))
            .unwrap_or_default()
            .into_iter()
            .map(|entry| (entry.name.clone(), entry))
            .collect();
        for entry in entries {
            let was = before.get(&entry.name);
            if was.is_some_and(|was| was.id == entry.id) {
                continue;
            }
            let entry_path = format!("{path}/{}", entry.name);
            if entry.is_tree {
                let was_tree = was.filter(|was| was.is_tree).map(|was| was.id);
                self.changed(Some(entry.id), was_tree, &entry_path, date);
            } else if self.wanted.contains(&entry_path) && !self.dates.contains_key(&entry_path) {
                self.dates.insert(entry_path, date.to_string());
            }
        }
    }
}

struct Entry {
    name: String,
    id: ObjectId,
    is_tree: bool,
}
