//! Generated rulesets for testing the engine on shapes no built-in ruleset has: many gates,
//! gates asked only after others, choices, a matrix, floors that read earlier levels.
#![allow(dead_code)]

use std::fmt::Write;
use std::path::Path;

use xal::answers::{AnswerValue, Answers};
use xal::ruleset::{Ruleset, load_ruleset};

/// A small deterministic generator (xorshift), so that a failing seed can be replayed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// How big a generated ruleset is.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub gates: usize,
    pub rules_per_target: usize,
    /// Percent of gates asked only when an earlier gate is yes.
    pub nested: u64,
    /// Whether conditions read the impact matrix. Generated rules are not monotone in impact
    /// (a rule for a high impact may give a low level), so the lowest impact a missing cell is
    /// taken for bounds nothing there: tests comparing the bound with completions turn it off.
    pub matrix: bool,
}

impl Shape {
    /// Small enough for the exhaustive search to check against.
    pub fn small() -> Shape {
        Shape {
            gates: 7,
            rules_per_target: 5,
            nested: 30,
            matrix: true,
        }
    }

    /// The benchmark's: thirty yes/no gates.
    pub fn thirty_gates() -> Shape {
        Shape {
            gates: 30,
            rules_per_target: 12,
            nested: 20,
            matrix: false,
        }
    }
}

/// What a gate is: a yes/no question, or a choice of three.
fn gate_options(i: usize) -> &'static [&'static str] {
    if i % 4 == 3 {
        &["a", "b", "c"]
    } else {
        &["yes", "no"]
    }
}

fn atom(rng: &mut Rng, shape: Shape) -> String {
    let g = rng.below(shape.gates);
    match rng.below(10) {
        0 => format!("answered(g{g})"),
        1 if shape.matrix => "impact.m.money >= low".to_string(),
        2 if shape.matrix => "any(impact.m) = high".to_string(),
        _ => {
            let opts = gate_options(g);
            format!("g{g} = {}", opts[rng.below(opts.len())])
        }
    }
}

fn condition(rng: &mut Rng, shape: Shape, depth: usize) -> String {
    if depth == 0 || rng.chance(40) {
        let a = atom(rng, shape);
        // The engine takes a missing matrix cell for the lowest impact, which is a lower bound
        // only where a higher impact never lowers a level: no negated matrix condition, as in
        // every real ruleset.
        return if !a.contains("impact.") && rng.chance(15) {
            format!("not {a}")
        } else {
            a
        };
    }
    let join = if rng.chance(50) { " and " } else { " or " };
    let n = 2 + rng.below(2);
    let parts: Vec<String> = (0..n).map(|_| condition(rng, shape, depth - 1)).collect();
    format!("({})", parts.join(join))
}

/// The TOML text of a ruleset with targets `a` (four levels) and `b` (three).
pub fn ruleset_source(seed: u64, shape: Shape) -> String {
    let mut rng = Rng::new(seed);
    let mut s = String::from(
        "format = 1\nid = \"generated\"\nversion = \"1\"\nstatus = \"draft\"\n\
         title = { th = \"สร้าง\", en = \"Generated\" }\nissuer = { th = \"ทีม\", en = \"Team\" }\n",
    );
    for i in ["none", "low", "high"] {
        let _ = write!(
            s,
            "[[impact]]\nid = \"{i}\"\nname = {{ th = \"{i}\", en = \"{i}\" }}\n"
        );
    }
    for c in ["money", "safety"] {
        let _ = write!(
            s,
            "[[category]]\nid = \"{c}\"\nname = {{ th = \"{c}\", en = \"{c}\" }}\n\
             levels = {{ low = {{ th = \"l\", en = \"l\" }}, high = {{ th = \"h\", en = \"h\" }} }}\n"
        );
    }
    for (t, n) in [("a", 4), ("b", 3)] {
        let _ = write!(
            s,
            "[[target]]\nid = \"{t}\"\nname = {{ th = \"{t}\", en = \"{t}\" }}\nlevel = [\n"
        );
        for l in 0..n {
            let _ = writeln!(
                s,
                "  {{ id = \"{t}{l}\", major = {l}, name = {{ th = \"{l}\", en = \"{l}\" }} }},"
            );
        }
        s.push_str("]\n");
    }
    for g in 0..shape.gates {
        let kind = if gate_options(g).len() == 2 {
            "yes-no"
        } else {
            "choice"
        };
        let _ = write!(s, "[[question]]\nid = \"g{g}\"\nkind = \"{kind}\"\n");
        if g > 0 && rng.chance(shape.nested) {
            let earlier = rng.below(g);
            let opts = gate_options(earlier);
            let _ = writeln!(s, "when = \"g{earlier} = {}\"", opts[0]);
        }
        s.push_str("text = { th = \"q\", en = \"q\" }\n");
        if kind == "choice" {
            for o in gate_options(g) {
                let _ = write!(
                    s,
                    "[[question.option]]\nid = \"{o}\"\nlabel = {{ th = \"{o}\", en = \"{o}\" }}\n"
                );
            }
        }
    }
    s.push_str(
        "[[question]]\nid = \"impact.m\"\nkind = \"impact\"\ntext = { th = \"m\", en = \"m\" }\n",
    );
    for (t, levels) in [("a", 4), ("b", 3)] {
        for r in 0..shape.rules_per_target {
            let when = condition(&mut rng, shape, 2);
            let level = rng.below(levels);
            let _ = write!(
                s,
                "[[rule]]\nid = \"{t}.r{r}\"\ntarget = \"{t}\"\nwhen = \"{when}\"\nlevel = \"{t}{level}\"\n\
                 reason = {{ th = \"r\", en = \"r\" }}\n"
            );
        }
        let _ = write!(
            s,
            "[[rule]]\nid = \"{t}.rest\"\ntarget = \"{t}\"\nwhen = \"always\"\nlevel = \"{t}0\"\n\
             reason = {{ th = \"r\", en = \"r\" }}\n"
        );
    }
    for f in 0..2 {
        let when = if f == 0 {
            format!("major(a) >= {}", 1 + rng.below(3))
        } else {
            condition(&mut rng, shape, 1)
        };
        let min = 1 + rng.below(2);
        let _ = write!(
            s,
            "[[floor]]\nid = \"f{f}\"\ntarget = \"b\"\nwhen = \"{when}\"\nmin = \"b{min}\"\n\
             reason = {{ th = \"f\", en = \"f\" }}\n"
        );
    }
    s
}

/// The generated ruleset, loaded; panics with the text when it does not load, since that is a
/// bug of the generator.
pub fn ruleset(seed: u64, shape: Shape) -> Ruleset {
    let src = ruleset_source(seed, shape);
    let out = load_ruleset(Path::new("generated.toml"), &src);
    match out.ruleset {
        Some(rs) => rs,
        None => panic!("{:?}\n{src}", out.diagnostics),
    }
}

/// Some of the ruleset's questions answered at random, the rest left open.
pub fn partial_answers(rs: &Ruleset, rng: &mut Rng, percent: u64) -> Answers {
    let mut a = Answers::new();
    for q in &rs.questions {
        if !rng.chance(percent) {
            continue;
        }
        let value = if q.categories.is_empty() {
            AnswerValue::Choice(q.options[rng.below(q.options.len())].id.clone())
        } else {
            let impacts = ["none", "low", "high"];
            let mut cells = std::collections::BTreeMap::new();
            for &c in &q.categories {
                if rng.chance(70) {
                    let i = impacts[rng.below(3)];
                    cells.insert(rs.categories[c].id.clone(), i.to_string());
                }
            }
            AnswerValue::Matrix(cells)
        };
        a.insert(q.id.clone(), value);
    }
    a
}
