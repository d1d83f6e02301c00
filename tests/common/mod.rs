//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;

use xal::answers::{AnswerValue, Answers};

pub const IMPACTS: [&str; 4] = ["none", "low", "moderate", "high"];

pub fn choice(v: &str) -> AnswerValue {
    AnswerValue::Choice(v.to_string())
}

pub fn matrix(cats: &[&str], levels: &[&str]) -> AnswerValue {
    AnswerValue::Matrix(
        cats.iter()
            .zip(levels)
            .map(|(c, l)| (c.to_string(), l.to_string()))
            .collect::<BTreeMap<_, _>>(),
    )
}

pub fn answers(pairs: Vec<(&str, AnswerValue)>) -> Answers {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Every combination of the four impact levels over `n` categories, as indices.
pub fn all_combinations(n: usize) -> impl Iterator<Item = Vec<usize>> {
    (0..4usize.pow(n as u32)).map(move |mut k| {
        (0..n)
            .map(|_| {
                let d = k % 4;
                k /= 4;
                d
            })
            .collect()
    })
}
