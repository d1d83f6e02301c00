//! A report as a few kinds of blocks, so that Markdown and HTML say exactly the same things.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// Level 2, 3 or 4 (the title is level 1).
    Heading(u8, String),
    /// Label and value pairs.
    Fields(Vec<(String, String)>),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    List(Vec<String>),
    Para(String),
    /// A labelled fingerprint, printed in a fixed-width block that never wraps inside a group.
    Fingerprint(String, String),
    /// Lines to sign on paper: one per person (step, name, role, date), and a blank one for
    /// the step still to come.
    Signatures(Vec<Signature>),
    /// Machine-readable lines for `xal verify`, hidden from the reader (an HTML comment in
    /// both formats). Never holds `-->`.
    Marker(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// What the signature says ("Approved by").
    pub step: String,
    pub name: String,
    pub role: String,
    pub date: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    pub title: String,
    pub blocks: Vec<Block>,
    /// Incomplete answers: the report is a draft, marked on every page (the words in the
    /// report's language and in the other).
    pub draft: Option<String>,
}

impl Doc {
    pub fn h2(&mut self, s: impl Into<String>) {
        self.blocks.push(Block::Heading(2, s.into()));
    }
    pub fn h3(&mut self, s: impl Into<String>) {
        self.blocks.push(Block::Heading(3, s.into()));
    }
    pub fn h4(&mut self, s: impl Into<String>) {
        self.blocks.push(Block::Heading(4, s.into()));
    }
    pub fn para(&mut self, s: impl Into<String>) {
        self.blocks.push(Block::Para(s.into()));
    }
    pub fn fields(&mut self, f: Vec<(String, String)>) {
        self.blocks.push(Block::Fields(f));
    }
    /// An empty list is written as nothing rather than as an empty bullet block.
    pub fn list(&mut self, items: Vec<String>) {
        if !items.is_empty() {
            self.blocks.push(Block::List(items));
        }
    }
    pub fn fingerprint(&mut self, label: impl Into<String>, hex: impl Into<String>) {
        self.blocks
            .push(Block::Fingerprint(label.into(), hex.into()));
    }
    pub fn marker(&mut self, s: impl Into<String>) {
        self.blocks.push(Block::Marker(s.into().replace("-->", "")));
    }
    pub fn table(&mut self, head: Vec<String>, rows: Vec<Vec<String>>) {
        self.blocks.push(Block::Table { head, rows });
    }
}
