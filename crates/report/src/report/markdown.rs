//! A report as GitHub-flavoured Markdown.

use super::doc::{Block, Doc};

pub fn render(d: &Doc) -> String {
    let mut s = format!("# {}\n", inline(&d.title));
    if let Some(mark) = &d.draft {
        s.push_str(&format!("\n> **{}**\n", inline(mark)));
    }
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
                s.push_str(&lines(t, ""));
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
            Block::Signatures(sigs) => {
                s.push_str("| | Name / ชื่อ | Role / ตำแหน่ง | Date / วันที่ | Signature / ลายมือชื่อ |\n|---|---|---|---|---|\n");
                for g in sigs {
                    let blank = |v: &str| {
                        if v.is_empty() {
                            "\\_\\_\\_\\_\\_\\_\\_\\_".to_string()
                        } else {
                            cell(v)
                        }
                    };
                    s.push_str(&format!(
                        "| {} | {} | {} | {} | \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_ |\n",
                        cell(&g.step),
                        blank(&g.name),
                        blank(&g.role),
                        blank(&g.date)
                    ));
                }
            }
            Block::List(items) => {
                for i in items {
                    s.push_str("- ");
                    s.push_str(&lines(i, "  "));
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
            '\n' => s.push_str("<br>"),
            _ => s.push(ch),
        }
    }
    s
}

/// A table cell is one line: its line breaks become `<br>`.
fn cell(t: &str) -> String {
    inline(t)
}

/// A paragraph or list item whose text keeps its lines (a note written on several): each
/// break is a hard line break, indented to stay in the item.
fn lines(t: &str, indent: &str) -> String {
    t.split('\n')
        .map(inline)
        .collect::<Vec<_>>()
        .join(&format!("\\\n{indent}"))
}
