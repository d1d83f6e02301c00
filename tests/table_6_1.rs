//! NIST SP 800-63-3 Table 6-1 over all 4,096 impact combinations, and Table 6-2's forbidden
//! pairs, for `nist-800-63-3` and for the major levels of `dgs-1-2-2564`.

use crate::support;

use support::dgs::CATEGORIES as CATS;
use support::{IMPACTS, all_combinations, answers, choice, matrix};
use xal::engine::{Evaluation, evaluate};
use xal::ruleset::Ruleset;
use xal::ruleset::registry::Registry;

/// The highest impact each level tolerates, per category (Table 6-1), as impact indices.
const TOLERATES: [[usize; 6]; 3] = [[1, 1, 0, 0, 0, 0], [2, 2, 2, 2, 1, 2], [3, 3, 3, 3, 3, 3]];

/// The lowest level (1, 2 or 3) whose column tolerates every rated impact.
fn table_level(combo: &[usize]) -> i64 {
    (0..3)
        .find(|&l| combo.iter().zip(TOLERATES[l]).all(|(&i, max)| i <= max))
        .map(|l| l as i64 + 1)
        .expect("level 3 tolerates everything")
}

fn levels(combo: &[usize]) -> Vec<&'static str> {
    combo.iter().map(|&i| IMPACTS[i]).collect()
}

fn major(rs: &Ruleset, e: &Evaluation, target: &str) -> i64 {
    let t = rs.target_index(target).unwrap();
    rs.targets[t].levels[e.level(t)].major.unwrap()
}

fn id<'a>(rs: &'a Ruleset, e: &Evaluation, target: &str) -> &'a str {
    let t = rs.target_index(target).unwrap();
    &rs.targets[t].levels[e.level(t)].id
}

fn ruleset(id: &str) -> std::sync::Arc<Ruleset> {
    Registry::builtin().get(id).expect(id).clone()
}

/// Answers that make only the proofing matrix matter (no login or no personal-data rule).
fn proofing_case(rs_id: &str, combo: &[usize], validated: &str) -> xal::answers::Answers {
    let mut a = answers(&[
        ("pi.needed", choice("yes")),
        ("pi.validated", choice(validated)),
        ("impact.proofing", matrix(&CATS, &levels(combo))),
        ("impact.auth", matrix(&CATS, &levels(&[0; 6]))),
        ("pi.accessible", choice("no")),
    ]);
    if rs_id == "dgs-1-2-2564" {
        a.insert("service.group".into(), choice("transactional"));
        a.insert("auth.needed".into(), choice("yes"));
    }
    a
}

fn auth_case(rs_id: &str, combo: &[usize], accessible: &str) -> xal::answers::Answers {
    let mut a = answers(&[
        ("pi.needed", choice("no")),
        ("impact.auth", matrix(&CATS, &levels(combo))),
        ("pi.accessible", choice(accessible)),
    ]);
    if rs_id == "dgs-1-2-2564" {
        a.insert("service.group".into(), choice("transactional"));
        a.insert("auth.needed".into(), choice("yes"));
    }
    a
}

#[test]
fn ial_is_the_lowest_level_table_6_1_allows_for_every_combination() {
    for rs_id in ["nist-800-63-3", "dgs-1-2-2564"] {
        let rs = ruleset(rs_id);
        let mut seen = [0usize; 3];
        for combo in all_combinations(6) {
            for validated in ["yes", "unknown"] {
                let e = evaluate(&rs, &proofing_case(rs_id, &combo, validated));
                assert!(e.complete, "{rs_id} {combo:?}: {:?}", e.missing);
                let want = table_level(&combo);
                assert_eq!(major(&rs, &e, "ial"), want, "{rs_id} IAL for {combo:?}");
                seen[want as usize - 1] += 1;
            }
        }
        assert!(
            seen.iter().all(|&n| n > 0),
            "all three levels occur: {seen:?}"
        );
    }
}

#[test]
fn aal_before_floors_is_the_lowest_level_table_6_1_allows() {
    for rs_id in ["nist-800-63-3", "dgs-1-2-2564"] {
        let rs = ruleset(rs_id);
        for combo in all_combinations(6) {
            let e = evaluate(&rs, &auth_case(rs_id, &combo, "no"));
            assert!(e.complete, "{rs_id} {combo:?}: {:?}", e.missing);
            let aal = id(&rs, &e, "aal");
            let want = format!("AAL{}", table_level(&combo));
            assert_eq!(aal, want, "{rs_id} AAL for {combo:?}");
        }
    }
}

#[test]
fn no_evaluation_yields_a_pair_table_6_2_forbids() {
    for rs_id in ["nist-800-63-3", "dgs-1-2-2564"] {
        let rs = ruleset(rs_id);
        for combo in all_combinations(6) {
            let reversed: Vec<usize> = combo.iter().rev().copied().collect();
            for validated in ["yes", "unknown", "no"] {
                for accessible in ["yes", "no"] {
                    for auth in [&[0usize; 6][..], &combo, &reversed] {
                        let mut a = proofing_case(rs_id, &combo, validated);
                        a.insert("impact.auth".into(), matrix(&CATS, &levels(auth)));
                        a.insert("pi.accessible".into(), choice(accessible));
                        let e = evaluate(&rs, &a);
                        let aal = id(&rs, &e, "aal");
                        let ial_major = major(&rs, &e, "ial");
                        assert!(
                            !(aal == "AAL1" && ial_major >= 2),
                            "{rs_id}: AAL1 with IAL major {ial_major} for {a:?}"
                        );
                        assert!(
                            !(aal == "AAL1" && accessible == "yes"),
                            "{rs_id}: AAL1 with personal data accessible for {a:?}"
                        );
                    }
                }
            }
        }
    }
}
