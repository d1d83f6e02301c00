//! The condition language of rulesets: parsed once at load time into indices, so evaluating
//! a condition never looks up a string.
//!
//! ```text
//! expr    := and ("or" and)*
//! and     := unary ("and" unary)*
//! unary   := "not" unary | "(" expr ")" | "always" | test
//! test    := operand op value | "answered" "(" NAME ")"
//! operand := NAME | ("any"|"all"|"combined") "(" NAME ["[" NAME ("," NAME)* "]"] ")"
//!          | ("level"|"major") "(" NAME ")"
//! op      := "=" | "!=" | "<" | "<=" | ">" | ">=" | "in"
//! value   := NAME | INTEGER | "[" NAME ("," NAME)* "]"
//! ```

use std::fmt;

/// How a comparison is made. Set tests (`=`, `!=`, `in`) work on any value; order tests only on
/// ranked scales (impact levels, target levels, major numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
}

impl Op {
    fn is_order(self) -> bool {
        matches!(self, Op::Lt | Op::Le | Op::Gt | Op::Ge)
    }

    /// `values` holds one rank, or several for `in`.
    pub fn test(self, actual: i64, values: &[i64]) -> bool {
        let v = values.first().copied().unwrap_or(i64::MIN);
        match self {
            Op::Eq => actual == v,
            Op::Ne => actual != v,
            Op::Lt => actual < v,
            Op::Le => actual <= v,
            Op::Gt => actual > v,
            Op::Ge => actual >= v,
            Op::In => values.contains(&actual),
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::In => "in",
        }
    }
}

/// Which cells of a matrix a quantified test looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quant {
    Any,
    All,
}

/// A parsed condition. Question, category, option and level references are indices into the
/// ruleset they were parsed against.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    Always,
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    /// The answer to a yes-no or choice question, by option index.
    Choice {
        question: usize,
        op: Op,
        options: Vec<i64>,
    },
    /// One cell of an impact matrix, by impact rank.
    Cell {
        question: usize,
        category: usize,
        op: Op,
        values: Vec<i64>,
    },
    /// Some or every cell (of the listed categories; empty = all of the question's).
    Cells {
        quant: Quant,
        question: usize,
        categories: Vec<usize>,
        op: Op,
        values: Vec<i64>,
    },
    /// The matrix folded by the ruleset's combine method.
    Combined {
        question: usize,
        op: Op,
        values: Vec<i64>,
    },
    /// The level already found for a target, by rank.
    Level {
        target: usize,
        op: Op,
        values: Vec<i64>,
    },
    Major {
        target: usize,
        op: Op,
        values: Vec<i64>,
    },
    Answered {
        question: usize,
    },
}

impl Cond {
    /// Whether this condition is the literal `always` (used to find shadowed rules).
    pub(crate) fn is_always(&self) -> bool {
        matches!(self, Cond::Always)
    }

    /// Every question the condition reads.
    pub fn questions(&self, out: &mut Vec<usize>) {
        match self {
            Cond::Always => {}
            Cond::Not(c) => c.questions(out),
            Cond::And(cs) | Cond::Or(cs) => cs.iter().for_each(|c| c.questions(out)),
            Cond::Choice { question, .. }
            | Cond::Cell { question, .. }
            | Cond::Cells { question, .. }
            | Cond::Combined { question, .. }
            | Cond::Answered { question } => out.push(*question),
            Cond::Level { .. } | Cond::Major { .. } => {}
        }
    }

    /// Every target whose level the condition reads.
    pub fn targets(&self, out: &mut Vec<usize>) {
        match self {
            Cond::Not(c) => c.targets(out),
            Cond::And(cs) | Cond::Or(cs) => cs.iter().for_each(|c| c.targets(out)),
            Cond::Level { target, .. } | Cond::Major { target, .. } => out.push(*target),
            _ => {}
        }
    }
}

/// What the parser needs to know about the ruleset to turn names into indices.
pub trait Resolver {
    fn question(&self, name: &str) -> Option<QuestionInfo<'_>>;
    fn question_at(&self, index: usize) -> QuestionInfo<'_>;
    fn category(&self, name: &str) -> Option<usize>;
    fn impact(&self, name: &str) -> Option<usize>;
    fn target(&self, name: &str) -> Option<usize>;
    fn target_level(&self, target: usize, name: &str) -> Option<usize>;
    fn target_has_majors(&self, target: usize) -> bool;
}

/// The part of a question the parser checks references against.
pub struct QuestionInfo<'a> {
    pub index: usize,
    pub is_matrix: bool,
    pub options: Vec<&'a str>,
    pub categories: Vec<usize>,
}

/// A parse or reference error, at a byte offset inside the condition text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CondError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for CondError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Name(String),
    Int(i64),
    Op(Op),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    End,
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Name(n) => format!("`{n}`"),
        Tok::Int(i) => format!("`{i}`"),
        Tok::Op(o) => format!("`{}`", o.symbol()),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::LBracket => "`[`".into(),
        Tok::RBracket => "`]`".into(),
        Tok::Comma => "`,`".into(),
        Tok::End => "the end of the condition".into(),
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, CondError> {
    let mut out = Vec::new();
    let mut it = src.char_indices().peekable();
    while let Some(&(i, c)) = it.peek() {
        if c.is_whitespace() {
            it.next();
            continue;
        }
        let single = match c {
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            '[' => Some(Tok::LBracket),
            ']' => Some(Tok::RBracket),
            ',' => Some(Tok::Comma),
            '=' => Some(Tok::Op(Op::Eq)),
            _ => None,
        };
        if let Some(t) = single {
            it.next();
            // Accept `==` as a friendly spelling of `=`.
            if t == Tok::Op(Op::Eq) && matches!(it.peek(), Some(&(_, '='))) {
                it.next();
            }
            out.push((t, i));
            continue;
        }
        if matches!(c, '!' | '<' | '>') {
            it.next();
            let eq = matches!(it.peek(), Some(&(_, '=')));
            if eq {
                it.next();
            }
            let op = match (c, eq) {
                ('!', true) => Op::Ne,
                ('<', false) => Op::Lt,
                ('<', true) => Op::Le,
                ('>', false) => Op::Gt,
                ('>', true) => Op::Ge,
                _ => {
                    return Err(CondError {
                        offset: i,
                        message: "`!` must be followed by `=`".into(),
                    });
                }
            };
            out.push((Tok::Op(op), i));
            continue;
        }
        if is_name_char(c) {
            let mut end = i;
            while let Some(&(j, d)) = it.peek() {
                if !is_name_char(d) {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            let word = &src[i..end];
            let tok = if word.chars().all(|d| d.is_ascii_digit()) {
                Tok::Int(word.parse().map_err(|_| CondError {
                    offset: i,
                    message: format!("number `{word}` is too large"),
                })?)
            } else if word == "in" {
                Tok::Op(Op::In)
            } else {
                Tok::Name(word.to_string())
            };
            out.push((tok, i));
            continue;
        }
        return Err(CondError {
            offset: i,
            message: format!("unexpected character `{c}`"),
        });
    }
    out.push((Tok::End, src.len()));
    Ok(out)
}

/// Parses `src` and resolves every name in it.
pub fn parse(src: &str, r: &dyn Resolver) -> Result<Cond, CondError> {
    let toks = lex(src)?;
    let mut p = Parser { toks, pos: 0, r };
    let cond = p.expr()?;
    let (t, at) = p.peek();
    if *t != Tok::End {
        return Err(CondError {
            offset: at,
            message: format!("expected `and`, `or` or the end, found {}", describe(t)),
        });
    }
    Ok(cond)
}

struct Parser<'a> {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    r: &'a dyn Resolver,
}

/// The left side of a comparison, before the operator is known.
enum Operand {
    Question(usize, usize),
    Cell(usize, usize),
    Quantified(Quant, usize, Vec<usize>),
    Combined(usize),
    Level(usize),
    Major(usize),
}

impl Parser<'_> {
    fn peek(&self) -> (&Tok, usize) {
        let (t, at) = &self.toks[self.pos];
        (t, *at)
    }

    fn next(&mut self) -> (Tok, usize) {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn err<T>(&self, offset: usize, message: impl Into<String>) -> Result<T, CondError> {
        Err(CondError {
            offset,
            message: message.into(),
        })
    }

    fn expect(&mut self, want: Tok) -> Result<usize, CondError> {
        let (t, at) = self.next();
        if t == want {
            Ok(at)
        } else {
            self.err(
                at,
                format!("expected {}, found {}", describe(&want), describe(&t)),
            )
        }
    }

    fn is_keyword(&self, kw: &str) -> bool {
        matches!(self.peek().0, Tok::Name(n) if n == kw)
    }

    fn expr(&mut self) -> Result<Cond, CondError> {
        let mut parts = vec![self.and()?];
        while self.is_keyword("or") {
            self.next();
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().unwrap_or(Cond::Always)
        } else {
            Cond::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Cond, CondError> {
        let mut parts = vec![self.unary()?];
        while self.is_keyword("and") {
            self.next();
            parts.push(self.unary()?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().unwrap_or(Cond::Always)
        } else {
            Cond::And(parts)
        })
    }

    fn unary(&mut self) -> Result<Cond, CondError> {
        let (t, at) = self.peek();
        match t.clone() {
            Tok::LParen => {
                self.next();
                let c = self.expr()?;
                self.expect(Tok::RParen)?;
                Ok(c)
            }
            Tok::Name(n) if n == "not" => {
                self.next();
                Ok(Cond::Not(Box::new(self.unary()?)))
            }
            Tok::Name(n) if n == "always" => {
                self.next();
                Ok(Cond::Always)
            }
            Tok::Name(n) if n == "answered" => {
                self.next();
                self.expect(Tok::LParen)?;
                let (q, _) = self.question_name(false)?;
                self.expect(Tok::RParen)?;
                Ok(Cond::Answered { question: q })
            }
            Tok::Name(_) => self.test(),
            other => self.err(
                at,
                format!("expected a condition, found {}", describe(&other)),
            ),
        }
    }

    /// Reads a question name (or, with `allow_cell`, `question.category`).
    fn question_name(&mut self, allow_cell: bool) -> Result<(usize, Option<usize>), CondError> {
        let (t, at) = self.next();
        let Tok::Name(name) = t else {
            return self.err(
                at,
                format!("expected a question id, found {}", describe(&t)),
            );
        };
        if let Some(q) = self.r.question(&name) {
            return Ok((q.index, None));
        }
        // `impact.auth.safety`: the longest prefix that is a question, then a category.
        if allow_cell
            && let Some((qname, cname)) = name.rsplit_once('.')
            && let Some(q) = self.r.question(qname)
        {
            if !q.is_matrix {
                return self.err(
                    at,
                    format!("question `{qname}` is not an impact matrix, so it has no `{cname}`"),
                );
            }
            let Some(c) = self.r.category(cname) else {
                return self.err(at, format!("unknown category `{cname}`"));
            };
            if !q.categories.contains(&c) {
                return self.err(
                    at,
                    format!("question `{qname}` does not rate category `{cname}`"),
                );
            }
            return Ok((q.index, Some(c)));
        }
        self.err(at, format!("unknown question `{name}`"))
    }

    fn test(&mut self) -> Result<Cond, CondError> {
        let (t, at) = self.peek();
        let Tok::Name(head) = t.clone() else {
            return self.err(at, "expected a condition");
        };
        let is_call = matches!(self.toks.get(self.pos + 1), Some((Tok::LParen, _)));
        let operand = if is_call {
            match head.as_str() {
                "any" | "all" | "combined" => {
                    self.next();
                    self.expect(Tok::LParen)?;
                    let (_, qat) = self.peek();
                    let (q, _) = self.question_name(false)?;
                    let info = self.matrix_info(q, qat)?;
                    let mut cats = Vec::new();
                    if *self.peek().0 == Tok::LBracket {
                        if head == "combined" {
                            return self.err(self.peek().1, "`combined` takes the whole matrix");
                        }
                        self.next();
                        loop {
                            let (t, cat_at) = self.next();
                            let Tok::Name(cname) = t else {
                                return self.err(
                                    cat_at,
                                    format!("expected a category id, found {}", describe(&t)),
                                );
                            };
                            let Some(c) = self.r.category(&cname) else {
                                return self.err(cat_at, format!("unknown category `{cname}`"));
                            };
                            if !info.contains(&c) {
                                return self.err(
                                    cat_at,
                                    format!("this question does not rate category `{cname}`"),
                                );
                            }
                            cats.push(c);
                            let (t, sep_at) = self.next();
                            match t {
                                Tok::Comma => continue,
                                Tok::RBracket => break,
                                other => {
                                    return self.err(
                                        sep_at,
                                        format!("expected `,` or `]`, found {}", describe(&other)),
                                    );
                                }
                            }
                        }
                    }
                    self.expect(Tok::RParen)?;
                    match head.as_str() {
                        "any" => Operand::Quantified(Quant::Any, q, cats),
                        "all" => Operand::Quantified(Quant::All, q, cats),
                        _ => Operand::Combined(q),
                    }
                }
                "level" | "major" => {
                    self.next();
                    self.expect(Tok::LParen)?;
                    let (t, tat) = self.next();
                    let Tok::Name(tname) = t else {
                        return self
                            .err(tat, format!("expected a target id, found {}", describe(&t)));
                    };
                    let Some(target) = self.r.target(&tname) else {
                        return self.err(tat, format!("unknown target `{tname}`"));
                    };
                    if head == "major" && !self.r.target_has_majors(target) {
                        return self.err(tat, format!("target `{tname}` has no major levels"));
                    }
                    self.expect(Tok::RParen)?;
                    if head == "level" {
                        Operand::Level(target)
                    } else {
                        Operand::Major(target)
                    }
                }
                other => return self.err(at, format!("unknown function `{other}`")),
            }
        } else {
            match self.question_name(true)? {
                (q, Some(c)) => Operand::Cell(q, c),
                (q, None) => Operand::Question(q, at),
            }
        };
        let (t, op_at) = self.next();
        let Tok::Op(op) = t else {
            return self.err(
                op_at,
                format!(
                    "expected a comparison (`=`, `!=`, `in`, `<`, …), found {}",
                    describe(&t)
                ),
            );
        };
        let values = self.values(op)?;
        self.resolve(operand, op, op_at, values)
    }

    fn matrix_info(&self, q: usize, at: usize) -> Result<Vec<usize>, CondError> {
        let info = self.r.question_at(q);
        if info.is_matrix {
            Ok(info.categories)
        } else {
            self.err(at, "this question is not an impact matrix")
        }
    }

    /// The right side: one value, or a bracketed list for `in`. Each with its offset.
    fn values(&mut self, op: Op) -> Result<Vec<(Tok, usize)>, CondError> {
        let mut out = Vec::new();
        if op == Op::In {
            self.expect(Tok::LBracket)?;
            loop {
                let v = self.next();
                if !matches!(v.0, Tok::Name(_) | Tok::Int(_)) {
                    return self.err(v.1, format!("expected a value, found {}", describe(&v.0)));
                }
                out.push(v);
                let (t, at) = self.next();
                match t {
                    Tok::Comma => continue,
                    Tok::RBracket => break,
                    other => {
                        return self.err(
                            at,
                            format!("expected `,` or `]`, found {}", describe(&other)),
                        );
                    }
                }
            }
        } else {
            let v = self.next();
            if !matches!(v.0, Tok::Name(_) | Tok::Int(_)) {
                return self.err(v.1, format!("expected a value, found {}", describe(&v.0)));
            }
            out.push(v);
        }
        Ok(out)
    }

    fn resolve(
        &self,
        operand: Operand,
        op: Op,
        op_at: usize,
        values: Vec<(Tok, usize)>,
    ) -> Result<Cond, CondError> {
        let name_of = |(t, at): &(Tok, usize)| -> Result<(String, usize), CondError> {
            match t {
                Tok::Name(n) => Ok((n.clone(), *at)),
                other => Err(CondError {
                    offset: *at,
                    message: format!("expected a name, found {}", describe(other)),
                }),
            }
        };
        let impacts = |values: &[(Tok, usize)]| -> Result<Vec<i64>, CondError> {
            values
                .iter()
                .map(|v| {
                    let (n, at) = name_of(v)?;
                    self.r.impact(&n).map(|i| i as i64).ok_or(CondError {
                        offset: at,
                        message: format!("unknown impact level `{n}`"),
                    })
                })
                .collect()
        };
        match operand {
            Operand::Question(q, q_at) => {
                let info = self.r.question_at(q);
                if info.is_matrix {
                    return self.err(
                        q_at,
                        "an impact matrix is compared through one cell (`question.category`) or `any(…)`, `all(…)`, `combined(…)`",
                    );
                }
                if op.is_order() {
                    return self.err(
                        op_at,
                        "answers to a choice have no order: use `=`, `!=` or `in`",
                    );
                }
                let options = values
                    .iter()
                    .map(|v| {
                        let (n, at) = name_of(v)?;
                        info.options
                            .iter()
                            .position(|o| *o == n)
                            .map(|i| i as i64)
                            .ok_or(CondError {
                                offset: at,
                                message: format!(
                                    "`{n}` is not an option of this question (options: {})",
                                    info.options.join(", ")
                                ),
                            })
                    })
                    .collect::<Result<_, _>>()?;
                Ok(Cond::Choice {
                    question: q,
                    op,
                    options,
                })
            }
            Operand::Cell(q, c) => Ok(Cond::Cell {
                question: q,
                category: c,
                op,
                values: impacts(&values)?,
            }),
            Operand::Quantified(quant, q, categories) => Ok(Cond::Cells {
                quant,
                question: q,
                categories,
                op,
                values: impacts(&values)?,
            }),
            Operand::Combined(q) => Ok(Cond::Combined {
                question: q,
                op,
                values: impacts(&values)?,
            }),
            Operand::Level(target) => {
                let ranks = values
                    .iter()
                    .map(|v| {
                        let (n, at) = name_of(v)?;
                        self.r
                            .target_level(target, &n)
                            .map(|i| i as i64)
                            .ok_or(CondError {
                                offset: at,
                                message: format!("unknown level `{n}`"),
                            })
                    })
                    .collect::<Result<_, _>>()?;
                Ok(Cond::Level {
                    target,
                    op,
                    values: ranks,
                })
            }
            Operand::Major(target) => {
                let nums = values
                    .iter()
                    .map(|(t, at)| match t {
                        Tok::Int(i) => Ok(*i),
                        other => Err(CondError {
                            offset: *at,
                            message: format!(
                                "a major level is a number, found {}",
                                describe(other)
                            ),
                        }),
                    })
                    .collect::<Result<_, _>>()?;
                Ok(Cond::Major {
                    target,
                    op,
                    values: nums,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{AnswerValue, Answers};
    use crate::engine::evaluate;
    use crate::ruleset::{Ruleset, load_ruleset};
    use std::path::Path;

    fn mini() -> Ruleset {
        let src = include_str!("../../../../tests/data/mini-ruleset.toml");
        load_ruleset(Path::new("mini.toml"), src).ruleset.unwrap()
    }

    struct R<'a>(&'a Ruleset);

    impl Resolver for R<'_> {
        fn question(&self, name: &str) -> Option<QuestionInfo<'_>> {
            self.0.question_index(name).map(|i| self.question_at(i))
        }
        fn question_at(&self, index: usize) -> QuestionInfo<'_> {
            let q = &self.0.questions[index];
            QuestionInfo {
                index,
                is_matrix: q.is_matrix(),
                options: q.options.iter().map(|o| o.id.as_str()).collect(),
                categories: q.categories.clone(),
            }
        }
        fn category(&self, name: &str) -> Option<usize> {
            self.0.category_index(name)
        }
        fn impact(&self, name: &str) -> Option<usize> {
            self.0.impact_index(name)
        }
        fn target(&self, name: &str) -> Option<usize> {
            self.0.target_index(name)
        }
        fn target_level(&self, target: usize, name: &str) -> Option<usize> {
            self.0.targets[target].level_index(name)
        }
        fn target_has_majors(&self, target: usize) -> bool {
            self.0.targets[target].has_majors()
        }
    }

    #[test]
    fn and_binds_tighter_than_or_and_names_resolve_to_indices() {
        let rs = mini();
        let c = parse(
            "pi.needed = no or pi.needed = yes and impact.p.safety >= low",
            &R(&rs),
        )
        .unwrap();
        match c {
            Cond::Or(parts) => {
                assert_eq!(parts.len(), 2);
                assert!(matches!(parts[1], Cond::And(_)));
                assert_eq!(
                    parts[0],
                    Cond::Choice {
                        question: 0,
                        op: Op::Eq,
                        options: vec![1]
                    }
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_point_into_the_condition() {
        let rs = mini();
        let r = R(&rs);
        let e = parse("pi.needed = yes and any(impact.p[money, nope]) = high", &r).unwrap_err();
        assert_eq!(e.offset, 40);
        assert_eq!(e.message, "unknown category `nope`");
        let e = parse("pi.needed >= yes", &r).unwrap_err();
        assert_eq!(e.offset, 10);
        let e = parse("(pi.needed = yes", &r).unwrap_err();
        assert_eq!(e.message, "expected `)`, found the end of the condition");
        let e = parse("major(aal) = 1", &r).unwrap_err();
        assert_eq!(e.message, "target `aal` has no major levels");
        assert!(parse("pi.needed in [yes, no]", &r).is_ok());
        assert!(parse("not answered(impact.p)", &r).is_ok());
    }

    #[test]
    fn quantifiers_look_only_at_the_listed_rows() {
        let rs = mini();
        let mut a = Answers::new();
        a.insert("pi.needed".into(), AnswerValue::Choice("yes".into()));
        let cells = [("money", "high"), ("safety", "none")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        a.insert("impact.p".into(), AnswerValue::Matrix(cells));
        let eval = evaluate(&rs, &a);
        let ial = &eval.targets[0];
        assert_eq!(rs.rules[ial.rule.unwrap()].id, "ial.high");
        assert_eq!(
            ial.because,
            [crate::engine::Fact::Cell {
                question: rs.question_index("impact.p").unwrap(),
                category: rs.category_index("money").unwrap(),
                impact: rs.impact_index("high").unwrap(),
                assumed: false,
                carried: false,
            }]
        );
    }
}
