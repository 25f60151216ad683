//! Reads a repository's commits and tags into a [`History`] with gix, a pure-Rust git library:
//! no program is run (not `git`, not anything the repository's config names: signature
//! checkers, fsmonitor, pagers, external diffs, textconv), no file is written, and nothing read
//! from a commit is ever passed on as an argument or a path. The repository's own config is
//! read only for what reading objects needs; the user's, the system's and the environment's
//! are not read at all, and `include.path` is not followed.

use std::collections::HashMap;
use std::path::Path;

use gix::ObjectId;
use gix::objs::Kind;

use super::history::{Commit, History, Stamp, Tag};

/// Progress while reading, for a caller that shows it.
pub trait Progress {
    /// `what` is "reading commits" or "reading tags"; `total` is 0 while unknown. Returns
    /// false to stop reading (the user cancelled).
    fn step(&mut self, what: &str, done: usize, total: usize) -> bool;
}

/// No progress shown, never cancelled.
pub struct Quiet;

impl Progress for Quiet {
    fn step(&mut self, _: &str, _: usize, _: usize) -> bool {
        true
    }
}

fn stamp(time: gix::date::Time) -> Stamp {
    Stamp {
        seconds: time.seconds,
        offset: time.offset,
    }
}

/// Opens the repository at or above `path`, trusting nothing but its object and ref storage.
fn open(path: &Path) -> Result<gix::Repository, String> {
    let options = gix::open::Options::isolated();
    let mut repo = gix::discover_opts(path, Default::default(), options).map_err(|e| {
        format!(
            "{}: not a git repository ({e}): give the folder of a clone, or a CSV log with --events",
            path.display()
        )
    })?;
    repo.object_cache_size_if_unset(8 * 1024 * 1024);
    Ok(repo)
}

struct Reader<'a> {
    repo: &'a gix::Repository,
    path: &'a Path,
    index: HashMap<ObjectId, usize>,
    commits: Vec<Commit>,
    /// Parent ids still to resolve into indices, per commit.
    pending: Vec<Vec<ObjectId>>,
}

impl Reader<'_> {
    fn broken(&self, id: &ObjectId, e: impl std::fmt::Display) -> String {
        format!(
            "{}: cannot read object {id} ({e}): the repository may be damaged (`git fsck` \
             says), or give a CSV log with --events",
            self.path.display()
        )
    }

    /// The index of commit `id` and of everything it reaches; `None` when the object is not in
    /// the repository (beyond a shallow clone's boundary) or is not a commit.
    fn commit(
        &mut self,
        id: ObjectId,
        progress: &mut dyn Progress,
    ) -> Result<Option<usize>, String> {
        if let Some(&i) = self.index.get(&id) {
            return Ok(Some(i));
        }
        let Some(first) = self.load(id)? else {
            return Ok(None);
        };
        // Depth first without recursion: load parents, then resolve indices.
        let mut stack = vec![first];
        while let Some(&c) = stack.last() {
            let unloaded: Vec<ObjectId> = self.pending[c]
                .iter()
                .filter(|p| !self.index.contains_key(*p))
                .copied()
                .collect();
            let mut pushed = false;
            for p in unloaded {
                if let Some(i) = self.load(p)? {
                    stack.push(i);
                    pushed = true;
                } else {
                    // Missing: remembered as absent so it is not looked up again.
                    self.index.insert(p, usize::MAX);
                }
            }
            if pushed {
                continue;
            }
            stack.pop();
            let parents = std::mem::take(&mut self.pending[c]);
            self.commits[c].parents = parents
                .iter()
                .map(|p| self.index.get(p).copied().filter(|&i| i != usize::MAX))
                .collect();
            if self.commits.len().is_multiple_of(4096)
                && !progress.step("reading commits", self.commits.len(), 0)
            {
                return Err("cancelled".into());
            }
        }
        Ok(Some(first))
    }

    /// Decodes one commit and gives it an index (its parents are resolved later).
    fn load(&mut self, id: ObjectId) -> Result<Option<usize>, String> {
        if let Some(&i) = self.index.get(&id) {
            return Ok((i != usize::MAX).then_some(i));
        }
        let object = self
            .repo
            .try_find_object(id)
            .map_err(|e| self.broken(&id, e))?;
        let Some(object) = object.filter(|o| o.kind == Kind::Commit) else {
            self.index.insert(id, usize::MAX);
            return Ok(None);
        };
        let commit = gix::objs::CommitRef::from_bytes(&object.data, self.repo.object_hash())
            .map_err(|e| self.broken(&id, e))?;
        let time = |signature: Result<gix::actor::SignatureRef<'_>, _>| -> Result<Stamp, String> {
            let signature = signature.map_err(|e| self.broken(&id, e))?;
            signature.time().map(stamp).map_err(|e| self.broken(&id, e))
        };
        let authored = time(commit.author())?;
        let committed = time(commit.committer())?;
        let parents: Vec<ObjectId> = commit.parents().collect();
        let message =
            (parents.len() >= 2).then(|| String::from_utf8_lossy(commit.message).into_owned());
        let i = self.commits.len();
        self.commits.push(Commit {
            hash: id.to_string(),
            parents: Vec::new(),
            authored,
            committed,
            message,
        });
        self.pending.push(parents);
        self.index.insert(id, i);
        Ok(Some(i))
    }
}

/// Reads every commit reachable from HEAD or a tag, and the tags.
pub fn history(path: &Path, progress: &mut dyn Progress) -> Result<History, String> {
    let repo = open(path)?;
    let head = repo
        .head_id()
        .map_err(|e| {
            format!(
                "{}: HEAD names no commit ({e}): nothing to measure yet",
                path.display()
            )
        })?
        .detach();
    let mut reader = Reader {
        repo: &repo,
        path,
        index: HashMap::new(),
        commits: Vec::new(),
        pending: Vec::new(),
    };
    let Some(head) = reader.commit(head, progress)? else {
        return Err(format!(
            "{}: HEAD is not a commit: nothing to measure",
            path.display()
        ));
    };
    let mut targets = Vec::new();
    let refs = repo
        .references()
        .map_err(|e| reader.broken(&head_id(&repo), e))?;
    for reference in refs
        .tags()
        .map_err(|e| format!("{}: cannot list tags ({e})", path.display()))?
    {
        let Ok(reference) = reference else { continue };
        let Some(id) = reference.target().try_id().map(ToOwned::to_owned) else {
            continue;
        };
        targets.push((reference.name().shorten().to_string(), id));
    }
    let total = targets.len();
    let mut tags = Vec::new();
    for (done, (name, id)) in targets.into_iter().enumerate() {
        if !progress.step("reading tags", done, total) {
            return Err("cancelled".into());
        }
        let Some((commit, created)) = peel(&mut reader, id, progress)? else {
            continue;
        };
        let created = created.unwrap_or(reader.commits[commit].committed);
        tags.push(Tag {
            name,
            commit,
            created,
        });
    }
    Ok(History {
        commits: reader.commits,
        head,
        tags,
    })
}

fn head_id(repo: &gix::Repository) -> ObjectId {
    repo.head_id()
        .map(|id| id.detach())
        .unwrap_or_else(|_| ObjectId::null(repo.object_hash()))
}

/// The commit a tag reference leads to, through annotated tags, with the outermost tagger's
/// date. `None` for tags of trees and blobs, and for missing objects.
fn peel(
    reader: &mut Reader<'_>,
    mut id: ObjectId,
    progress: &mut dyn Progress,
) -> Result<Option<(usize, Option<Stamp>)>, String> {
    let mut created = None;
    // Tags of tags are allowed, loops of them (impossible with hashes) are not followed forever.
    for _ in 0..16 {
        let object = reader
            .repo
            .try_find_object(id)
            .map_err(|e| reader.broken(&id, e))?;
        let Some(object) = object else {
            return Ok(None);
        };
        match object.kind {
            Kind::Commit => {
                drop(object);
                return Ok(reader.commit(id, progress)?.map(|c| (c, created)));
            }
            Kind::Tag => {
                let tag = gix::objs::TagRef::from_bytes(&object.data, reader.repo.object_hash())
                    .map_err(|e| reader.broken(&id, e))?;
                if created.is_none()
                    && let Ok(Some(tagger)) = tag.tagger()
                    && let Ok(time) = tagger.time()
                {
                    created = Some(stamp(time));
                }
                id = tag.target();
            }
            _ => return Ok(None),
        }
    }
    Ok(None)
}
