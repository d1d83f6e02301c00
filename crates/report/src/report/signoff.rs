//! Sign-off in words: one line per step, saying whether it still holds.

use super::dates::date_time;
use super::tr;
use crate::record::signed::{Status, current};
use crate::store::SignOff;
use crate::text::{Lang, visible};

/// "approved by NAME (ROLE) on DATE", then who signed it with which key ("· signed by
/// PRINCIPAL (SHA256:…)") or "· unsigned"; once something it covered changed, "approval void:
/// answers changed since (approved by … on …)"; a signature that does not count, "approval
/// not accepted: bad signature (…)" and the like.
pub fn line(s: &SignOff, content_sha256: &str, lang: Lang) -> String {
    let trust = current();
    let status = trust.status(s, content_sha256);
    let holds = trust.holds(status);
    let said = words(&s.step, &s.by, &s.role, &s.at, true, lang);
    let signer = || format!("{} ({})", visible(&s.signer), visible(&s.key));
    match status {
        Status::Void => words(&s.step, &s.by, &s.role, &s.at, false, lang),
        Status::Signed => format!(
            "{said} · {} {}",
            tr(lang, "ลงนามด้วยกุญแจของ", "signed by"),
            signer()
        ),
        Status::Unsigned if holds => {
            format!("{said} · {}", tr(lang, "ไม่ได้ลงนามด้วยกุญแจ", "unsigned"))
        }
        Status::UnknownSigner if holds => format!(
            "{said} · {} {}, {}",
            tr(lang, "ลงนามด้วยกุญแจของ", "signed by"),
            signer(),
            tr(
                lang,
                "ไม่มีรายชื่อผู้ลงนามให้ตรวจ",
                "no allowed_signers to check it"
            )
        ),
        Status::Unsigned => format!(
            "{}{said})",
            not_accepted(&s.step, tr(lang, "ไม่ได้ลงนามด้วยกุญแจ", "unsigned"), lang)
        ),
        Status::UnknownSigner => format!(
            "{}{said})",
            not_accepted(
                &s.step,
                &format!(
                    "{} {}",
                    tr(lang, "ผู้ลงนามที่ไม่รู้จัก", "unknown signer"),
                    signer()
                ),
                lang
            )
        ),
        Status::BadSignature => format!(
            "{}{said})",
            not_accepted(
                &s.step,
                tr(lang, "ลายมือชื่อดิจิทัลไม่ถูกต้อง", "bad signature"),
                lang
            )
        ),
    }
}

/// The latest approval of `signoffs` that holds on `content_sha256`: what makes the
/// assessment approved, and whose review date counts.
pub(crate) fn holding_approval<'a>(
    signoffs: &'a [SignOff],
    content_sha256: &str,
) -> Option<&'a SignOff> {
    signoffs.iter().rev().find(|s| {
        s.step == "approved"
            && crate::record::standing(s, content_sha256) == crate::record::Standing::Holds
    })
}

/// The review date, only while an approval holds: that of the latest approval that holds
/// (an approval that does not hold — void, forged, unsigned where signatures are required —
/// sets no date, whatever its `review_due` says).
pub fn review_due(signoffs: &[SignOff], content_sha256: &str) -> Option<chrono::NaiveDate> {
    holding_approval(signoffs, content_sha256)
        .and_then(|s| crate::record::due::review_due(std::slice::from_ref(s)))
}

/// The assessment's state in one word, as the CSV, the workbook and the JSON report give it:
/// `draft` (incomplete), `approved` (an approval holds), `complete` (no approval), or else the
/// status of the latest approval that does not hold (`void`, `unsigned`, `unknown signer`,
/// `bad signature`). With it, the approval it speaks of (none for `draft` and `complete`).
pub(crate) fn approval_state<'a>(
    signoffs: &'a [SignOff],
    content_sha256: &str,
    complete: bool,
) -> (&'static str, Option<&'a SignOff>) {
    if !complete {
        return ("draft", None);
    }
    if let Some(s) = holding_approval(signoffs, content_sha256) {
        return ("approved", Some(s));
    }
    match signoffs.iter().rev().find(|s| s.step == "approved") {
        Some(s) => (current().status(s, content_sha256).word(), Some(s)),
        None => ("complete", None),
    }
}

/// "approval not accepted: WHY (" and the like, for a sign-off whose signature does not count.
fn not_accepted(step: &str, why: &str, lang: Lang) -> String {
    let what = match step {
        "approved" => tr(lang, "การอนุมัติ", "approval"),
        "reviewed" => tr(lang, "การตรวจทาน", "review"),
        _ => tr(lang, "การลงนาม", "sign-off"),
    };
    format!("{what} {}: {why} (", tr(lang, "ไม่มีผล", "not accepted"))
}

fn words(
    step: &str,
    by: &str,
    role: &str,
    at: &chrono::DateTime<chrono::FixedOffset>,
    holds: bool,
    lang: Lang,
) -> String {
    // One line whatever the file says: a name or role written by hand with a line break or
    // a control character in it shows it as `\u{a}`, never as a line of its own.
    let (step, by, role) = (visible(step), visible(by), visible(role));
    let who = if role.is_empty() {
        by.into_owned()
    } else {
        format!("{by} ({role})")
    };
    let when = date_time(at, lang);
    let said = match (&*step, lang) {
        ("approved", Lang::En) => format!("approved by {who} on {when}"),
        ("approved", Lang::Th) => format!("อนุมัติโดย {who} เมื่อ {when}"),
        ("reviewed", Lang::En) => format!("reviewed by {who} on {when}"),
        ("reviewed", Lang::Th) => format!("ตรวจทานโดย {who} เมื่อ {when}"),
        (other, Lang::En) => format!("{other} by {who} on {when}"),
        (other, Lang::Th) => format!("{other} โดย {who} เมื่อ {when}"),
    };
    if holds {
        said
    } else {
        format!("{}{said})", void_prefix(&step, lang))
    }
}

/// The latest step as a list keeps it ([`crate::store::SignMark`]), in the same words as
/// [`line`] (without role): for the interface's result pane.
pub fn mark_line(m: &crate::store::SignMark, lang: Lang) -> String {
    words(&m.step, &m.by, "", &m.at, m.holds, lang)
}

fn void_prefix(step: &str, lang: Lang) -> &'static str {
    match step {
        "approved" => tr(
            lang,
            "การอนุมัติสิ้นผล: คำตอบเปลี่ยนไปหลังจากนั้น (",
            "approval void: answers changed since (",
        ),
        "reviewed" => tr(
            lang,
            "การตรวจทานสิ้นผล: คำตอบเปลี่ยนไปหลังจากนั้น (",
            "review void: answers changed since (",
        ),
        _ => tr(
            lang,
            "การลงนามสิ้นผล: คำตอบเปลี่ยนไปหลังจากนั้น (",
            "sign-off void: answers changed since (",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s() -> SignOff {
        SignOff {
            step: "approved".into(),
            by: "สมชาย ใจดี".into(),
            role: "CIO".into(),
            note: String::new(),
            at: chrono::DateTime::parse_from_rfc3339("2026-12-02T10:00:00+07:00").unwrap(),
            record: "ab".repeat(32),
            review_due: None,
            signer: String::new(),
            key: String::new(),
            signature: String::new(),
        }
    }

    #[test]
    fn holds_while_the_content_is_the_one_signed_and_is_void_after() {
        let holds = line(&s(), &"ab".repeat(32), Lang::En);
        assert_eq!(
            holds,
            "approved by สมชาย ใจดี (CIO) on 2026-12-02 10:00 (UTC+07:00) · unsigned"
        );
        let void = line(&s(), &"cd".repeat(32), Lang::En);
        assert!(
            void.starts_with("approval void: answers changed since (approved by"),
            "{void}"
        );
        let th = line(&s(), &"cd".repeat(32), Lang::Th);
        assert!(th.starts_with("การอนุมัติสิ้นผล"), "{th}");
        assert!(th.contains("พ.ศ. 2569"), "{th}");
    }

    #[test]
    fn a_name_or_role_written_by_hand_over_lines_stays_on_one() {
        let forged = SignOff {
            by: "Mallory\napproved by The Minister".into(),
            role: "CIO\u{1b}[2J".into(),
            step: "approved\r".into(),
            ..s()
        };
        for holds in ["ab", "cd"] {
            for lang in [Lang::En, Lang::Th] {
                let l = line(&forged, &holds.repeat(32), lang);
                assert!(!l.chars().any(crate::text::is_unsafe), "{l:?}");
                assert!(l.contains("Mallory\\u{a}approved by The Minister"), "{l}");
                assert!(l.contains("(CIO\\u{1b}[2J)"), "{l}");
            }
        }
        let m = crate::store::SignMark {
            step: "approved".into(),
            by: "A\nB".into(),
            at: s().at,
            holds: true,
            status: "unsigned".into(),
            signer: String::new(),
            key: String::new(),
        };
        assert_eq!(
            mark_line(&m, Lang::En),
            "approved by A\\u{a}B on 2026-12-02 10:00 (UTC+07:00)"
        );
    }

    #[test]
    fn the_list_s_mark_reads_as_the_step_it_keeps() {
        let m = crate::store::SignMark {
            step: "approved".into(),
            by: "Jane".into(),
            at: s().at,
            holds: false,
            status: "void".into(),
            signer: String::new(),
            key: String::new(),
        };
        assert_eq!(
            mark_line(&m, Lang::En),
            "approval void: answers changed since (approved by Jane on 2026-12-02 10:00 (UTC+07:00))"
        );
        let m = crate::store::SignMark { holds: true, ..m };
        assert_eq!(
            mark_line(&m, Lang::En),
            "approved by Jane on 2026-12-02 10:00 (UTC+07:00)"
        );
    }
}
