//! The rules that turn a repository's history into pull requests, on history already read into
//! memory (no I/O here): which merges are items, which commits are a pull request's own, and
//! which tag released it.

use std::collections::{BinaryHeap, HashMap};

/// A moment as git records it: seconds since the epoch and the offset east of UTC it was
/// written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub seconds: i64,
    pub offset: i32,
}

impl Stamp {
    /// ISO 8601 with the recorded offset, as `git log --format=%cI` writes it (`Z` for UTC).
    pub fn iso(self) -> String {
        let offset = chrono::FixedOffset::east_opt(self.offset)
            .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero is an offset"));
        let Some(utc) = chrono::DateTime::from_timestamp(self.seconds, 0) else {
            return "1970-01-01T00:00:00Z".into();
        };
        let local = utc.with_timezone(&offset);
        if offset.local_minus_utc() == 0 {
            local.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        } else {
            local.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
        }
    }
}

/// One commit. `parents` are indices into [`History::commits`], `None` for a parent whose
/// object is not in the repository (a shallow clone's boundary).
#[derive(Debug, Clone)]
pub struct Commit {
    pub hash: String,
    pub parents: Vec<Option<usize>>,
    pub authored: Stamp,
    pub committed: Stamp,
    /// Kept for merges only (the only messages the rules read).
    pub message: Option<String>,
}

/// A tag that points (perhaps through annotated tags) at a commit.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub commit: usize,
    /// The tagger date of an annotated tag, else the commit's date.
    pub created: Stamp,
}

/// Every commit reachable from HEAD or a tag, with HEAD and the tags.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub commits: Vec<Commit>,
    pub head: usize,
    pub tags: Vec<Tag>,
}

/// Which merges count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Walk {
    /// Also the merges reached through second parents, not only those on the main line.
    pub all_merges: bool,
    /// Only merges made at or after this instant (seconds since the epoch).
    pub since: Option<i64>,
}

/// A merged pull request, with the moments of its states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRequest {
    /// `#12`, or `#12@3f9c2ab` for a later merge naming a number already seen.
    pub item: String,
    pub title: String,
    pub coding: Stamp,
    pub review: Stamp,
    pub merged: Stamp,
    pub released: Option<Stamp>,
}

/// The pull request number of a merge subject "Merge pull request #12 from ...".
pub fn number(subject: &str) -> Option<&str> {
    let rest = subject.strip_prefix("Merge pull request #")?;
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let digits = &rest[..end];
    let ends_well = rest[end..].is_empty() || rest[end..].starts_with(' ');
    (!digits.is_empty() && ends_well).then_some(digits)
}

/// A message's subject (its first paragraph on one line, as `%s`) and the first non-empty line
/// after it (the pull request's title, as GitHub writes it), which falls back to the subject.
pub fn subject_and_title(message: &str) -> (String, String) {
    let mut lines = message.lines();
    let mut subject = Vec::new();
    for line in lines.by_ref() {
        if line.trim().is_empty() {
            if subject.is_empty() {
                continue;
            }
            break;
        }
        subject.push(line.trim());
    }
    let subject = subject.join(" ");
    let title = lines
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map_or_else(|| subject.clone(), str::to_string);
    (subject, title)
}

/// Generation numbers: 1 for a root, else one more than the highest parent. A commit always
/// has a higher generation than its ancestors, which lets walks stop early and exactly.
fn generations(history: &History) -> Vec<u32> {
    let n = history.commits.len();
    let mut generation = vec![0u32; n];
    let mut stack = Vec::new();
    for start in 0..n {
        if generation[start] != 0 {
            continue;
        }
        stack.push((start, false));
        while let Some((c, expanded)) = stack.pop() {
            if generation[c] != 0 {
                continue;
            }
            let parents = history.commits[c].parents.iter().flatten();
            if expanded {
                generation[c] = 1 + parents.map(|&p| generation[p]).max().unwrap_or(0);
                continue;
            }
            stack.push((c, true));
            for &p in parents {
                if generation[p] == 0 {
                    stack.push((p, false));
                }
            }
        }
    }
    generation
}

const FROM_MERGED: u8 = 1;
const FROM_BASE: u8 = 2;
const QUEUED: u8 = 4;

/// Finds `base..merged` (commits reachable from `merged` and not from `base`) many times over,
/// touching only the commits near each pull request.
struct Ranges<'a> {
    history: &'a History,
    generation: &'a [u32],
    flags: Vec<u8>,
    touched: Vec<usize>,
}

impl<'a> Ranges<'a> {
    fn new(history: &'a History, generation: &'a [u32]) -> Self {
        Ranges {
            history,
            generation,
            flags: vec![0; history.commits.len()],
            touched: Vec::new(),
        }
    }

    /// Flags `c` as reached (from the merged side or the base), queueing it when new. Returns
    /// the change in the number of queued commits reached from the merged side only.
    fn mark(&mut self, queue: &mut BinaryHeap<(u32, usize)>, c: usize, add: u8) -> isize {
        let before = self.flags[c];
        if before == 0 {
            self.touched.push(c);
            self.flags[c] = add | QUEUED;
            queue.push((self.generation[c], c));
            return if add & FROM_BASE == 0 { 1 } else { 0 };
        }
        self.flags[c] |= add;
        if before & FROM_BASE == 0 && add & FROM_BASE != 0 {
            -1
        } else {
            0
        }
    }

    /// The commits of `base..merged`. Walks highest generation first, so a commit's flags are
    /// final when it is taken, and stops once nothing left to take can be reached from
    /// `merged` alone.
    fn own(&mut self, base: Option<usize>, merged: usize) -> Vec<usize> {
        for c in self.touched.drain(..) {
            self.flags[c] = 0;
        }
        let mut queue = BinaryHeap::new();
        let mut wanted = self.mark(&mut queue, merged, FROM_MERGED);
        if let Some(base) = base {
            wanted += self.mark(&mut queue, base, FROM_BASE);
        }
        let mut own = Vec::new();
        while wanted > 0 {
            let Some((_, c)) = queue.pop() else { break };
            self.flags[c] &= !QUEUED;
            let add = if self.flags[c] & FROM_BASE != 0 {
                FROM_BASE
            } else {
                wanted -= 1;
                own.push(c);
                FROM_MERGED
            };
            for &p in self.history.commits[c].parents.iter().flatten() {
                // A commit already taken keeps its flags: only those still queued can change.
                if self.flags[p] == 0 || self.flags[p] & QUEUED != 0 {
                    wanted += self.mark(&mut queue, p, add);
                }
            }
        }
        own
    }
}

/// For every commit, the earliest tag (by creation date) whose history contains it, in one pass
/// over the tags' ancestry: tags are taken oldest first and each walk stops at commits an
/// older tag already released (their ancestors are released too).
pub fn releases(history: &History) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..history.tags.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&history.tags[a], &history.tags[b]);
        (a.created.seconds, &a.name).cmp(&(b.created.seconds, &b.name))
    });
    let mut released = vec![None; history.commits.len()];
    let mut stack = Vec::new();
    for t in order {
        stack.push(history.tags[t].commit);
        while let Some(c) = stack.pop() {
            if released[c].is_some() {
                continue;
            }
            released[c] = Some(t);
            stack.extend(
                history.commits[c]
                    .parents
                    .iter()
                    .flatten()
                    .filter(|&&p| released[p].is_none()),
            );
        }
    }
    released
}

/// The merges of pull requests that `walk` takes, oldest merge first.
fn merges(history: &History, walk: Walk, generation: &[u32]) -> Vec<usize> {
    let is_pull_request = |c: usize| {
        let commit = &history.commits[c];
        commit.parents.len() >= 2
            && commit
                .message
                .as_deref()
                .is_some_and(|m| number(&subject_and_title(m).0).is_some())
            && walk
                .since
                .is_none_or(|since| commit.committed.seconds >= since)
    };
    let mut found = Vec::new();
    if history.commits.is_empty() {
        return found;
    }
    if walk.all_merges {
        let mut seen = vec![false; history.commits.len()];
        let mut stack = vec![history.head];
        seen[history.head] = true;
        while let Some(c) = stack.pop() {
            if is_pull_request(c) {
                found.push(c);
            }
            for &p in history.commits[c].parents.iter().flatten() {
                if !seen[p] {
                    seen[p] = true;
                    stack.push(p);
                }
            }
        }
    } else {
        let mut c = Some(history.head);
        while let Some(this) = c {
            if is_pull_request(this) {
                found.push(this);
            }
            c = history.commits[this].parents.first().copied().flatten();
        }
    }
    found.sort_by_key(|&c| (history.commits[c].committed.seconds, generation[c]));
    found
}

/// The pull requests of `history` under the rules of `walk`, oldest merge first. A merge that
/// brings in no commits of its own (its second parent was already on the main line) is no
/// pull request to measure and is left out.
pub fn pull_requests(history: &History, walk: Walk) -> Vec<PullRequest> {
    let generation = generations(history);
    let released = releases(history);
    let mut ranges = Ranges::new(history, &generation);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut found = Vec::new();
    for c in merges(history, walk, &generation) {
        let merge = &history.commits[c];
        let [base, Some(merged), ..] = merge.parents[..] else {
            continue;
        };
        let own = ranges.own(base, merged);
        let commits = || own.iter().map(|&o| &history.commits[o]);
        let (Some(coding), Some(review)) = (
            commits().map(|o| o.authored).min_by_key(|s| s.seconds),
            commits().map(|o| o.committed).max_by_key(|s| s.seconds),
        ) else {
            continue;
        };
        let (subject, title) = subject_and_title(merge.message.as_deref().unwrap_or(""));
        let Some(number) = number(&subject) else {
            continue;
        };
        let times = seen.entry(number.to_string()).or_insert(0);
        *times += 1;
        let item = if *times == 1 {
            format!("#{number}")
        } else {
            format!("#{number}@{}", &merge.hash[..merge.hash.len().min(7)])
        };
        found.push(PullRequest {
            item,
            title,
            coding,
            review,
            merged: merge.committed,
            released: released[c].map(|t| history.tags[t].created),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> Stamp {
        Stamp { seconds, offset: 0 }
    }

    /// Commits given as (parents, time, merge subject); hash = "c" + index padded.
    fn history(commits: &[(&[usize], i64, Option<&str>)]) -> History {
        History {
            commits: commits
                .iter()
                .enumerate()
                .map(|(i, (parents, t, message))| Commit {
                    hash: format!("{i:07}abcdef"),
                    parents: parents.iter().map(|&p| Some(p)).collect(),
                    authored: at(*t),
                    committed: at(*t),
                    message: message.map(str::to_string),
                })
                .collect(),
            head: commits.len() - 1,
            tags: Vec::new(),
        }
    }

    #[test]
    fn the_number_and_title_come_from_the_message_as_github_writes_it() {
        assert_eq!(number("Merge pull request #42 from a/b"), Some("42"));
        assert_eq!(number("Merge pull request #42"), Some("42"));
        assert_eq!(number("Merge pull request #42x from a/b"), None);
        assert_eq!(number("Merge branch 'x'"), None);
        let (subject, title) = subject_and_title("Merge pull request #7 from a/b\n\nFix it\n");
        assert_eq!(
            (subject.as_str(), title.as_str()),
            ("Merge pull request #7 from a/b", "Fix it")
        );
        assert_eq!(
            subject_and_title("Merge pull request #7").1,
            "Merge pull request #7"
        );
    }

    #[test]
    fn stamps_are_written_with_their_own_offset() {
        let t = 1_704_110_400; // 2024-01-01T12:00:00Z
        assert_eq!(at(t).iso(), "2024-01-01T12:00:00Z");
        let east = Stamp {
            seconds: t,
            offset: 3600,
        };
        assert_eq!(east.iso(), "2024-01-01T13:00:00+01:00");
        let west = Stamp {
            seconds: t,
            offset: -5 * 3600 - 1800,
        };
        assert_eq!(west.iso(), "2024-01-01T06:30:00-05:30");
    }

    #[test]
    fn a_pull_requests_own_commits_are_those_its_base_cannot_reach() {
        // 0 ← 1 ← 2 (main); 0 ← 3 ← 4 (branch, 3 merged in early by 5 = merge(2, 3));
        // 6 = merge(5, 4): its own commits are 4 only (3 is already on main).
        let h = history(&[
            (&[], 0, None),
            (&[0], 10, None),
            (&[1], 20, None),
            (&[0], 5, None),
            (&[3], 40, None),
            (&[2, 3], 30, Some("Merge pull request #1 from a/x\n\nFirst")),
            (
                &[5, 4],
                50,
                Some("Merge pull request #2 from a/y\n\nSecond"),
            ),
        ]);
        let prs = pull_requests(&h, Walk::default());
        let figures: Vec<_> = prs
            .iter()
            .map(|p| {
                (
                    p.item.as_str(),
                    p.coding.seconds,
                    p.review.seconds,
                    p.merged.seconds,
                )
            })
            .collect();
        assert_eq!(figures, [("#1", 5, 5, 30), ("#2", 40, 40, 50)]);
    }

    #[test]
    fn a_number_seen_again_is_another_item_and_second_parent_merges_need_all_merges() {
        // Main: 0 ← 1 ← 4(#1) ← 6(#1 again, merging 5). Branch of #3: 2 ← 3(#9, a merge
        // inside a pull request: reached through a second parent only).
        let h = history(&[
            (&[], 0, None),
            (&[0], 10, None),
            (&[0], 11, None),
            (&[2, 1], 12, Some("Merge pull request #9 from a/nested")),
            (
                &[1, 3],
                20,
                Some("Merge pull request #1 from a/x\n\nOld one"),
            ),
            (&[4], 25, None),
            (
                &[4, 5],
                30,
                Some("Merge pull request #1 from b/y\n\nNew one"),
            ),
        ]);
        let items = |walk| -> Vec<String> {
            pull_requests(&h, walk)
                .into_iter()
                .map(|p| p.item)
                .collect()
        };
        assert_eq!(items(Walk::default()), ["#1", "#1@0000006"]);
        let all = Walk {
            all_merges: true,
            since: None,
        };
        assert_eq!(items(all), ["#9", "#1", "#1@0000006"]);
        let since = Walk {
            all_merges: false,
            since: Some(21),
        };
        assert_eq!(items(since), ["#1"]);
    }

    #[test]
    fn a_commit_is_released_by_the_earliest_tag_containing_it() {
        // 0 ← 1 ← 2 ← 3. Tags: "late" on 3 at 100, "early" on 1 at 50, "stale" on 0 at 200.
        let mut h = history(&[
            (&[], 0, None),
            (&[0], 1, None),
            (&[1], 2, None),
            (&[2], 3, None),
        ]);
        for (name, commit, created) in [("late", 3, 100), ("early", 1, 50), ("stale", 0, 200)] {
            h.tags.push(Tag {
                name: name.into(),
                commit,
                created: at(created),
            });
        }
        let names: Vec<Option<&str>> = releases(&h)
            .into_iter()
            .map(|t| t.map(|t| h.tags[t].name.as_str()))
            .collect();
        assert_eq!(
            names,
            [Some("early"), Some("early"), Some("late"), Some("late")]
        );
    }
}
