//! "What would change the level" in words and as JSON, from the changes the engine found
//! (`engine::whatif`).

use serde_json::{Value, json};

use crate::engine::whatif::{Change, Direction};
use crate::ruleset::Ruleset;
use crate::text::Lang;

/// The changes of each answer set: none for a single set, the group id otherwise.
pub type Sets = [(Option<String>, Vec<Change>)];

/// One line for a person, e.g. "impact.proofing.financial moderate → low would lower IAL to
/// IAL1.1".
pub fn change(rs: &Ruleset, c: &Change, lang: Lang) -> String {
    let (from, to) = c.values(rs);
    let target = &rs.targets[c.target];
    let level = &target.levels[c.level].id;
    let tid = target.id.to_uppercase();
    let answer = c.answer_id(rs);
    let bound = match (c.final_, lang) {
        (true, _) => "",
        (false, Lang::En) => "at least ",
        (false, Lang::Th) => "อย่างน้อย ",
    };
    let more = match (c.final_, lang) {
        (true, _) => "",
        (false, Lang::En) => " (once the questions it opens are answered)",
        (false, Lang::Th) => " (เมื่อตอบคำถามที่เพิ่มขึ้นแล้ว)",
    };
    match (lang, c.direction) {
        (Lang::En, d) => format!(
            "{answer} {from} → {to} would {} {tid} to {bound}{level}{more}",
            d.as_str()
        ),
        (Lang::Th, Direction::Raise) => {
            format!("{answer} {from} → {to} จะเพิ่ม {tid} เป็น {bound}{level}{more}")
        }
        (Lang::Th, Direction::Lower) => {
            format!("{answer} {from} → {to} จะลด {tid} เป็น {bound}{level}{more}")
        }
    }
}

/// The `what_would_change` array of `xal eval --explain --format json`.
pub fn changes_json(rs: &Ruleset, sets: &Sets, lang: Lang) -> Value {
    let mut out = Vec::new();
    for (group, changes) in sets {
        for c in changes {
            let (from, to) = c.values(rs);
            let target = &rs.targets[c.target];
            let mut v = json!({
                "target": target.id,
                "direction": c.direction.as_str(),
                "answer": c.answer_id(rs),
                "from": from,
                "to": to,
                "level": target.levels[c.level].id,
                "final": c.final_,
                "text": change(rs, c, lang),
            });
            if let Some(g) = group {
                v["group"] = json!(g);
            }
            out.push(v);
        }
    }
    Value::Array(out)
}

/// The "what would change" section of `xal eval --explain` and of the interface's `w`.
pub fn changes_text(rs: &Ruleset, sets: &Sets, lang: Lang) -> String {
    let mut s = String::new();
    s.push_str(match lang {
        Lang::En => "What would change the level:\n",
        Lang::Th => "คำตอบที่หากเปลี่ยนแล้วระดับจะเปลี่ยน:\n",
    });
    for (group, changes) in sets {
        let indent = if let Some(g) = group {
            s.push_str(&format!("  [{g}]\n"));
            "    "
        } else {
            "  "
        };
        if changes.is_empty() {
            s.push_str(indent);
            s.push_str(match lang {
                Lang::En => "no single answer changes a level\n",
                Lang::Th => "ไม่มีคำตอบข้อใดข้อเดียวที่เปลี่ยนระดับได้\n",
            });
        }
        for c in changes {
            s.push_str(indent);
            s.push_str(&change(rs, c, lang));
            s.push('\n');
        }
    }
    s
}
