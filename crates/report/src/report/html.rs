//! A report as one self-contained HTML file: no scripts, no network, A4 print styles, Thai
//! fonts named with generic fallbacks (a PDF printer embeds whichever is installed).

use super::doc::{Block, Doc};
use crate::text::Lang;

const STYLE: &str = r#"
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
html { font-family: "Sarabun", "TH Sarabun New", "Noto Sans Thai", "Noto Sans Thai UI", "Noto Serif Thai", "Leelawadee UI", "Tahoma", "Loma", "Garuda", sans-serif; font-size: 11pt; line-height: 1.5; color: #000; background: #fff; }
body { max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 17pt; margin: 0 0 4mm; }
h2 { font-size: 13.5pt; margin: 6mm 0 2mm; border-bottom: 0.4mm solid #444; }
h3 { font-size: 12pt; margin: 4mm 0 2mm; }
h4 { font-size: 11pt; margin: 3mm 0 1.5mm; }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
dt { break-after: avoid; page-break-after: avoid; }
table.signatures { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; }
th, td { border: 0.25mm solid #777; padding: 1mm 2mm; text-align: left; vertical-align: top; overflow-wrap: break-word; hyphens: manual; }
th { background: #eee; }
tr, li { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; margin: 2mm 0; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: break-word; }
li, p, dd, td { white-space: pre-line; }
p, ul { margin: 1.5mm 0; }
pre.fp { font-family: "DejaVu Sans Mono", "Liberation Mono", "Courier New", monospace; font-size: 11pt; white-space: pre; overflow-wrap: normal; word-break: keep-all; margin: 0.5mm 0 2mm 4mm; break-inside: avoid; }
p.fp-label { margin-bottom: 0; font-weight: bold; }
table.signatures td { height: 14mm; vertical-align: bottom; }
table.signatures td.sign { width: 45mm; }
.watermark { position: fixed; top: 45%; left: 0; right: 0; text-align: center; transform: rotate(-30deg); font-size: 64pt; font-weight: bold; color: rgba(0, 0, 0, 0.10); z-index: -1; pointer-events: none; }
.draft-mark { border: 0.6mm solid #000; padding: 1mm 3mm; display: inline-block; font-weight: bold; letter-spacing: 0.5mm; }
@media print { body { padding: 0; max-width: none; } }
"#;

pub fn render(d: &Doc, lang: Lang) -> String {
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n");
    s.push_str(&format!("<html lang=\"{}\">\n<head>\n", lang.code()));
    s.push_str("<meta charset=\"utf-8\">\n");
    // Belt and braces: even a reader that follows links loads nothing and runs nothing.
    s.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    s.push_str(&format!("<title>{}</title>\n", esc(&d.title)));
    s.push_str(&format!(
        "<style>{STYLE}{}</style>\n</head>\n<body>\n",
        page_style(d, lang)
    ));
    if let Some(mark) = &d.draft {
        s.push_str(&format!(
            "<div class=\"watermark\" aria-hidden=\"true\">{}</div>\n<p class=\"draft-mark\">{}</p>\n",
            esc(mark),
            esc(mark)
        ));
    }
    s.push_str(&format!("<h1>{}</h1>\n", esc(&d.title)));
    for b in &d.blocks {
        match b {
            Block::Heading(n, t) => s.push_str(&format!("<h{n}>{}</h{n}>\n", esc(t))),
            Block::Para(t) => s.push_str(&format!("<p>{}</p>\n", esc(t))),
            Block::Fingerprint(label, hex) => s.push_str(&format!(
                "<p class=\"fp-label\">{}</p>\n<pre class=\"fp\">{}</pre>\n",
                esc(label),
                esc(&crate::record::grouped(hex))
            )),
            Block::Marker(m) => s.push_str(&format!("<!-- {m} -->\n")),
            Block::Signatures(sigs) => {
                let (name, role, date, sign) = match lang {
                    Lang::Th => ("ชื่อ", "ตำแหน่ง", "วันที่", "ลายมือชื่อ"),
                    Lang::En => ("Name", "Role", "Date", "Signature"),
                };
                s.push_str(&format!(
                    "<table class=\"signatures\">\n<thead><tr><th></th><th>{name}</th><th>{role}</th><th>{date}</th><th>{sign}</th></tr></thead>\n<tbody>\n"
                ));
                for g in sigs {
                    s.push_str(&format!(
                        "<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td><td class=\"sign\"></td></tr>\n",
                        esc(&g.step),
                        esc(&g.name),
                        esc(&g.role),
                        esc(&g.date)
                    ));
                }
                s.push_str("</tbody>\n</table>\n");
            }
            Block::List(items) => {
                s.push_str("<ul>\n");
                for i in items {
                    s.push_str(&format!("<li>{}</li>\n", esc(i)));
                }
                s.push_str("</ul>\n");
            }
            Block::Fields(f) => {
                s.push_str("<dl>\n");
                for (k, v) in f {
                    s.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(k), esc(v)));
                }
                s.push_str("</dl>\n");
            }
            Block::Table { head, rows } => {
                s.push_str("<table>\n<thead><tr>");
                for h in head {
                    s.push_str(&format!("<th>{}</th>", esc(h)));
                }
                s.push_str("</tr></thead>\n<tbody>\n");
                for r in rows {
                    s.push_str("<tr>");
                    for c in r {
                        s.push_str(&format!("<td>{}</td>", esc(c)));
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</tbody>\n</table>\n");
            }
        }
    }
    s.push_str("</body>\n</html>\n");
    s
}

/// Page numbers at the foot of every printed page (CSS paged media), and the draft mark at
/// the head of each when the answers are incomplete.
fn page_style(d: &Doc, lang: Lang) -> String {
    let page = match lang {
        Lang::Th => r#""หน้า " counter(page) " / " counter(pages)"#,
        Lang::En => r#""Page " counter(page) " of " counter(pages)"#,
    };
    let mut s = format!("@page {{ @bottom-right {{ content: {page}; font-size: 9pt; }} }}\n");
    if let Some(mark) = &d.draft {
        // A CSS string: quotes and backslashes escaped; the mark is xal's own words.
        let m = mark.replace('\\', "\\\\").replace('"', "\\\"");
        s.push_str(&format!(
            "@page {{ @top-center {{ content: \"{m}\"; font-size: 10pt; font-weight: bold; }} }}\n"
        ));
    }
    s
}

/// Text as HTML that shows exactly that text. Markup characters become entities, and so do
/// the C0 controls (but tab and newline) and DEL: a browser decodes `&#x1B;` to the same
/// ESC, while the file itself holds no raw control byte for a terminal to obey when someone
/// runs `cat report.html`. C1 controls stay raw on purpose: HTML maps the references
/// `&#x80;`–`&#x9F;` to Windows-1252 letters, so only the raw character keeps the text exact
/// (a browser then shows nothing for it). NUL is the one character HTML cannot carry: a
/// browser shows U+FFFD for `&#x0;`.
pub fn esc(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    for ch in t.chars() {
        match ch {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            '\t' | '\n' => s.push(ch),
            c if c.is_ascii_control() => s.push_str(&format!("&#x{:X};", c as u32)),
            _ => s.push(ch),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn control_characters_become_references_that_decode_to_themselves() {
        assert_eq!(
            esc("SVC\u{1b}[2J\u{7}<b>\r\u{7f}\tไทย\n"),
            "SVC&#x1B;[2J&#x7;&lt;b&gt;&#xD;&#x7F;\tไทย\n"
        );
        // C1 stays the character itself: its reference would mean another letter.
        assert_eq!(esc("a\u{9b}b"), "a\u{9b}b");
    }
}
