//! Problems found in a user's file, with the place a person can go and fix them.

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
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
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
}
