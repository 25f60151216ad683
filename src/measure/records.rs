//! CSV records read line by line, so that a log is never swallowed by one bad quote: the
//! separator (`,` `;` or tab) is sniffed from the header; a quoted field may span lines, but a
//! record that then has the wrong number of fields (or runs past the caps) is an unbalanced
//! quote at its first line, and the lines after it are read again on their own. Line numbers
//! are the file's own (CRLF or LF); lines and fields are capped so that memory stays small.
//! Hand-written over the `csv` crate for that recovery and those caps.

use std::collections::VecDeque;
use std::io::BufRead;

/// A field longer than this is a bad row.
pub const FIELD_CAP: usize = 64 * 1024;
/// A line longer than this is a bad row; the rest of it is read past, not kept.
pub const LINE_CAP: usize = 1024 * 1024;
/// Lines one quoted field may span before its quote is called unbalanced.
const MAX_SPAN: usize = 64;

struct Line {
    number: u64,
    text: Vec<u8>,
    too_long: bool,
}

/// One record: its fields, unquoted, and the line it starts on.
#[derive(Debug, Default)]
pub struct Record {
    pub line: u64,
    buf: Vec<u8>,
    ends: Vec<usize>,
}

impl Record {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&[u8]> {
        let end = *self.ends.get(index)?;
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        Some(&self.buf[start..end])
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// The longest field, when it is over the cap.
    pub fn oversized(&self) -> Option<&[u8]> {
        self.iter().find(|f| f.len() > FIELD_CAP)
    }
}

/// Why a record could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The line is longer than `LINE_CAP`: its first bytes.
    TooLong(String),
    UnbalancedQuote,
    Unreadable(String),
}

pub struct Records<R> {
    input: R,
    pub separator: u8,
    lines: u64,
    again: VecDeque<Line>,
    /// The header's number of fields, once read: a multi-line record must have as many.
    pub width: usize,
    /// Reading failed once: the input is treated as ended.
    failed: bool,
    /// The last line's buffer, reused for the next.
    scratch: Vec<u8>,
}

/// The first bytes of `text` as a short quote for a message.
pub fn prefix(text: &[u8]) -> String {
    let text = String::from_utf8_lossy(&text[..text.len().min(40)]).into_owned();
    format!("{}…", text.trim_end_matches('\u{fffd}'))
}

impl<R: BufRead> Records<R> {
    /// Reads the header line to sniff the separator: the most frequent of `,` `;` and tab
    /// outside quotes (`,` on a tie).
    pub fn new(input: R) -> Records<R> {
        let mut records = Records {
            input,
            separator: b',',
            lines: 0,
            again: VecDeque::new(),
            width: 0,
            failed: false,
            scratch: Vec::new(),
        };
        if let Ok(Some(mut first)) = records.read_line() {
            if first.text.starts_with("\u{feff}".as_bytes()) {
                first.text.drain(..3);
            }
            records.separator = sniff(&first.text);
            records.again.push_back(first);
        }
        records
    }

    fn read_line(&mut self) -> std::io::Result<Option<Line>> {
        if let Some(line) = self.again.pop_front() {
            return Ok(Some(line));
        }
        if self.failed {
            return Ok(None);
        }
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        let mut too_long = false;
        let mut any = false;
        loop {
            let buf = match self.input.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                break;
            }
            any = true;
            let newline = memchr::memchr(b'\n', buf);
            let chunk = &buf[..newline.unwrap_or(buf.len())];
            let room = LINE_CAP.saturating_sub(text.len());
            if chunk.len() > room {
                too_long = true;
                text.extend_from_slice(&chunk[..room]);
            } else {
                text.extend_from_slice(chunk);
            }
            let used = newline.map_or(buf.len(), |n| n + 1);
            self.input.consume(used);
            if newline.is_some() {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        if text.last() == Some(&b'\r') {
            text.pop();
        }
        self.lines += 1;
        Ok(Some(Line {
            number: self.lines,
            text,
            too_long,
        }))
    }

    /// The next record into `record`: None at the end, or why the record at `record.line`
    /// could not be read (reading goes on after it).
    pub fn next_into(&mut self, record: &mut Record) -> Option<Result<(), Problem>> {
        let first = match self.read_line() {
            Ok(Some(line)) => line,
            Ok(None) => return None,
            Err(e) => {
                record.line = self.lines + 1;
                self.failed = true;
                return Some(Err(Problem::Unreadable(e.to_string())));
            }
        };
        record.line = first.number;
        if first.too_long {
            return Some(Err(Problem::TooLong(prefix(&first.text))));
        }
        if split(&first.text, self.separator, record).is_some() {
            self.scratch = first.text;
            return Some(Ok(()));
        }
        let mut joined = first.text;
        let mut taken = Vec::new();
        while taken.len() < MAX_SPAN && joined.len() <= LINE_CAP {
            let Ok(Some(line)) = self.read_line() else {
                break;
            };
            if line.too_long {
                taken.push(line);
                break;
            }
            joined.push(b'\n');
            joined.extend_from_slice(&line.text);
            taken.push(line);
            if let Some(clean) = split(&joined, self.separator, record) {
                // Across lines only a well-formed record counts: every closing quote before a
                // separator, and as many fields as the header.
                if clean && (self.width == 0 || record.len() == self.width) {
                    return Some(Ok(()));
                }
                break;
            }
        }
        for line in taken.into_iter().rev() {
            self.again.push_front(line);
        }
        Some(Err(Problem::UnbalancedQuote))
    }
}

fn sniff(header: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for byte in header {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let separators = [b',', b';', b'\t'];
    let best = (0..3).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    separators[best]
}

/// Splits `text` into `record`'s fields: None when a quote is still open at the end, else
/// whether every closing quote was followed by a separator or the end (well formed).
fn split(text: &[u8], separator: u8, record: &mut Record) -> Option<bool> {
    record.buf.clear();
    record.ends.clear();
    let n = text.len();
    let mut i = 0;
    let mut clean = true;
    loop {
        if i < n && text[i] == b'"' {
            i += 1;
            loop {
                match memchr::memchr(b'"', &text[i..]) {
                    None => {
                        record.buf.extend_from_slice(&text[i..]);
                        return None;
                    }
                    Some(j) => {
                        record.buf.extend_from_slice(&text[i..i + j]);
                        i += j + 1;
                        if i < n && text[i] == b'"' {
                            record.buf.push(b'"');
                            i += 1;
                            continue;
                        }
                        break;
                    }
                }
            }
            clean &= i >= n || text[i] == separator;
        }
        let end = memchr::memchr(separator, &text[i..]).map_or(n, |j| i + j);
        record.buf.extend_from_slice(&text[i..end]);
        record.ends.push(record.buf.len());
        if end >= n {
            return Some(clean);
        }
        i = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<(u64, Result<Vec<String>, Problem>)> {
        let mut records = Records::new(text.as_bytes());
        let mut record = Record::default();
        let mut out = Vec::new();
        while let Some(result) = records.next_into(&mut record) {
            if out.is_empty() {
                records.width = record.len();
            }
            let fields = record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            out.push((record.line, result.map(|()| fields)));
        }
        out
    }

    #[test]
    fn sniffs_the_separator_and_reads_quotes() {
        let rows = all("a;b;\"c;d\"\n1;\"x \"\"y\"\"\";3\n");
        assert_eq!(rows[0].1, Ok(vec!["a".into(), "b".into(), "c;d".into()]));
        assert_eq!(
            rows[1].1,
            Ok(vec!["1".into(), "x \"y\"".into(), "3".into()])
        );
        let tabs = all("a\tb\n1\t2,3\n");
        assert_eq!(tabs[1].1, Ok(vec!["1".into(), "2,3".into()]));
    }

    #[test]
    fn line_numbers_are_the_files_own_and_a_bad_quote_swallows_nothing() {
        let text = "\u{feff}a,b,c\r\n1,\"two\r\nlines\",3\r\n2,\"open,4\r\n5,6,7\r\n8,\"x\",9\r\n";
        let rows = all(text);
        assert_eq!(rows[0].1, Ok(vec!["a".into(), "b".into(), "c".into()]));
        assert_eq!(
            rows[1],
            (2, Ok(vec!["1".into(), "two\nlines".into(), "3".into()]))
        );
        assert_eq!(rows[2], (4, Err(Problem::UnbalancedQuote)));
        assert_eq!(rows[3], (5, Ok(vec!["5".into(), "6".into(), "7".into()])));
        assert_eq!(rows[4], (6, Ok(vec!["8".into(), "x".into(), "9".into()])));
        assert_eq!(rows.len(), 5);
    }

    #[test]
    fn an_endless_line_is_a_bad_row_quoting_its_start() {
        let text = format!("a,b\n1,{}\n2,3\n", "9".repeat(LINE_CAP + 10));
        let rows = all(&text);
        assert_eq!(
            rows[1],
            (2, Err(Problem::TooLong(format!("1,{}…", "9".repeat(38)))))
        );
        assert_eq!(rows[2], (3, Ok(vec!["2".into(), "3".into()])));
    }
}
