//! A report as GitHub-flavoured Markdown.

use super::doc::{Block, Doc};

pub fn render(d: &Doc) -> String {
    let mut s = format!("# {}\n", inline(&d.title));
    for b in &d.blocks {
        s.push('\n');
        match b {
            Block::Heading(n, t) => {
                s.push_str(&"#".repeat(*n as usize));
                s.push(' ');
                s.push_str(&inline(t));
                s.push('\n');
            }
            Block::Para(t) => {
                s.push_str(&inline(t));
                s.push('\n');
            }
            Block::Fingerprint(label, hex) => {
                s.push_str(&format!(
                    "**{}:**\n\n```text\n{}\n```\n",
                    inline(label),
                    crate::record::grouped(hex)
                ));
            }
            Block::Marker(m) => s.push_str(&format!("<!-- {m} -->\n")),
            Block::List(items) => {
                for i in items {
                    s.push_str("- ");
                    s.push_str(&inline(i));
                    s.push('\n');
                }
            }
            Block::Fields(f) => {
                for (k, v) in f {
                    s.push_str(&format!("- **{}:** {}\n", inline(k), inline(v)));
                }
            }
            Block::Table { head, rows } => {
                s.push_str(&row(head));
                s.push_str(&format!("|{}\n", "---|".repeat(head.len())));
                for r in rows {
                    s.push_str(&row(r));
                }
            }
        }
    }
    s
}

fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    format!("| {} |\n", cells.join(" | "))
}

/// Text a person typed must not turn into markup: escape what Markdown would interpret.
fn inline(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    for ch in t.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' => {
                s.push('\\');
                s.push(ch);
            }
            '\n' => s.push(' '),
            _ => s.push(ch),
        }
    }
    s
}

fn cell(t: &str) -> String {
    inline(t)
}
