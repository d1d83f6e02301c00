//! Problems found in a user's file, with the place a person can go and fix them.

use std::cell::Cell;
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one file: `FILE:LINE:COLUMN: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based; 0 when the problem has no place in the file (it could not be read at all).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn at_offset(file: &Path, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_col(source, offset);
        Diagnostic {
            file: file.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }

    /// [`Diagnostic::at_offset`] for one of many places in the same text: the line and
    /// column come from `lines`, built once, so that a diagnostic per key of a large file
    /// never rescans the text before it.
    pub fn at_index(
        file: &Path,
        lines: &LineIndex<'_>,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = lines.line_col(offset);
        Diagnostic {
            file: file.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }

    pub fn whole_file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            message: message.into(),
        }
    }

    /// At the value of `keys` (a path of table keys, e.g. `["ruleset", "id"]`) in the TOML
    /// text `source`; the whole file when the text does not parse or has no such key.
    pub fn at_key(file: &Path, source: &str, keys: &[&str], message: impl Into<String>) -> Self {
        let offset = toml_edit::Document::parse(source).ok().and_then(|doc| {
            let mut item = doc.as_item();
            for k in keys {
                item = item.get(k)?;
            }
            item.span().map(|s| s.start)
        });
        match offset {
            Some(o) => Diagnostic::at_offset(file, source, o, message),
            None => Diagnostic::whole_file(file, message),
        }
    }

    /// From a `toml` parse or deserialize error, which carries a byte span.
    pub fn from_toml(file: &Path, source: &str, err: &toml::de::Error) -> Self {
        let offset = err.span().map(|s| s.start).unwrap_or(0);
        Diagnostic::at_offset(file, source, offset, first_line(err.message()))
    }
}

/// `bytes` as text, or where they stop being UTF-8: the line and column of the first bad
/// byte (a byte index means nothing to someone with an editor).
pub fn utf8<'a>(file: &Path, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    std::str::from_utf8(bytes).map_err(|e| {
        // The valid prefix is UTF-8 by definition.
        let prefix = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
        Diagnostic::at_offset(
            file,
            prefix,
            prefix.len(),
            "not UTF-8 text (save the file as UTF-8)",
        )
    })
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file.display(),
                self.line,
                self.column,
                self.message
            )
        }
    }
}

impl std::error::Error for Diagnostic {}

fn first_line(msg: &str) -> String {
    msg.trim().lines().next().unwrap_or("").trim().to_string()
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let mut offset = offset;
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// The lines of one text, found in one pass, for the line and column of many offsets in it
/// ([`line_col`] for each would count the text before every one of them again).
///
/// A line is found by a binary search of the line starts. A column is a byte count on a line
/// of ASCII; on another line the characters are counted from the line's start, or on from the
/// last place asked when it was earlier on the same line, so that places asked in the order
/// of the file count each character once even on one long line.
#[derive(Debug)]
pub struct LineIndex<'a> {
    source: &'a str,
    /// The byte offset of each line's first byte; `starts[0]` is 0.
    starts: Vec<usize>,
    /// Per line: nothing but ASCII on it (a column is then a byte count).
    ascii: Vec<bool>,
    /// The last place asked on a line that is not ASCII: (byte offset, line, column).
    last: Cell<Option<(usize, usize, usize)>>,
    /// How many characters columns were counted over, in all (the tests' measure of work).
    counted: Cell<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(source: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        let mut ascii = vec![true];
        for (i, b) in source.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
                ascii.push(true);
            } else if !b.is_ascii()
                && let Some(a) = ascii.last_mut()
            {
                *a = false;
            }
        }
        LineIndex {
            source,
            starts,
            ascii,
            last: Cell::new(None),
            counted: Cell::new(0),
        }
    }

    /// The text whose lines these are.
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// 1-based line and column (in characters) of a byte offset, as [`line_col`] gives.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let source = self.source;
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        // `starts[0]` is 0, so at least one start is at or before any offset.
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        if self.ascii[line - 1] {
            return (line, offset - start + 1);
        }
        let (from, column) = match self.last.get() {
            Some((at, l, column)) if l == line && at <= offset => (at, column),
            _ => (start, 1),
        };
        let n = source[from..offset].chars().count();
        self.counted.set(self.counted.get() + n);
        let column = column + n;
        self.last.set(Some((offset, line, column)));
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_utf8_is_placed_by_line_and_column() {
        let bytes = b"a = 1\nname = \"ab\xff\"\n";
        let d = utf8(Path::new("x.toml"), bytes).unwrap_err();
        assert_eq!(
            d.to_string(),
            "x.toml:2:11: not UTF-8 text (save the file as UTF-8)"
        );
        assert_eq!(utf8(Path::new("x.toml"), "ไทย".as_bytes()), Ok("ไทย"));
    }

    #[test]
    fn a_key_is_placed_at_its_value() {
        let src = "schema = 1\n[ruleset]\nid = \"gone\"\n";
        let d = Diagnostic::at_key(Path::new("a.toml"), src, &["ruleset", "id"], "unknown");
        assert_eq!(d.to_string(), "a.toml:3:6: unknown");
        let d = Diagnostic::at_key(Path::new("a.toml"), src, &["nope"], "unknown");
        assert_eq!(d.to_string(), "a.toml: unknown");
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "a = 1\nไทย = 2\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        let eq = src.find('=').unwrap();
        assert_eq!(line_col(src, eq), (1, 3));
        let second_eq = src.rfind('=').unwrap();
        assert_eq!(line_col(src, second_eq), (2, 5));
    }

    #[test]
    fn the_index_places_as_line_col_does() {
        let src = "a = 1\r\nไทย = \"ค่า\"\n\nlast = { k = \"ก\", m = 2 }";
        let index = LineIndex::new(src);
        // Every offset (inside a character too, and past the end), forwards and backwards.
        let offsets: Vec<usize> = (0..=src.len() + 2).collect();
        for &o in offsets.iter().chain(offsets.iter().rev()) {
            assert_eq!(index.line_col(o), line_col(src, o), "offset {o}");
        }
        for o in [30, 3, 40, 9, 0, 25] {
            assert_eq!(index.line_col(o), line_col(src, o), "offset {o}");
        }
        let d = Diagnostic::at_index(Path::new("x.toml"), &index, src.rfind('m').unwrap(), "m");
        assert_eq!(
            d,
            Diagnostic::at_offset(Path::new("x.toml"), src, src.rfind('m').unwrap(), "m")
        );
        assert_eq!(LineIndex::new("").line_col(5), (1, 1));
    }

    /// One long line of Thai with a key every few characters: asked in the order of the file,
    /// each character is counted once, not once per key before it.
    #[test]
    fn places_along_one_long_line_are_counted_on_not_again() {
        let mut src = String::from("answers = {");
        let mut offsets = Vec::new();
        for i in 0..2000 {
            offsets.push(src.len() + 1);
            src.push_str(&format!(" ก{i} = \"ข\","));
        }
        src.push_str(" }\n");
        let index = LineIndex::new(&src);
        for &o in &offsets {
            assert_eq!(index.line_col(o), line_col(&src, o));
        }
        let chars = src.chars().count();
        assert!(
            index.counted.get() <= chars,
            "{} characters counted for {} places in a text of {chars}",
            index.counted.get(),
            offsets.len()
        );
    }
}
