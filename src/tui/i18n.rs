//! The interface's own words in Thai and English. Ruleset text (questions, levels, reasons)
//! comes from the ruleset files; only the frame around it lives here.

use std::borrow::Cow;

use super::action::Action;
use super::keymap::Context;
use crate::text::Lang;

/// One piece of interface text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    AppName,
    PaneServices,
    PaneQuestions,
    PaneResult,
    HelpTitle,
    HelpMore,
    Ruleset,
    Version,
    DataDir,
    Saved,
    SaveFailed,
    AtLeast,
    Missing,
    Complete,
    Incomplete,
    Provisional,
    Decisive,
    Reasons,
    PlanCheck,
    PlanMeets,
    PlanFallsShort,
    ServiceGroup,
    UserGroup,
    RulesetStatus,
    Note,
    NoServices,
    NoMatch,
    Filter,
    SortByName,
    SortByUpdated,
    SortByLevel,
    NewService,
    EditService,
    FieldName,
    FieldAgency,
    FieldDescription,
    FieldRuleset,
    ConfirmDeleteTitle,
    ConfirmDeleteBody,
    Yes,
    No,
    Ok,
    Cancel,
    ConflictTitle,
    ConflictBody,
    ConflictReload,
    ConflictKeepCopy,
    NothingToUndo,
    NothingToRedo,
    CopiedImpacts,
    SettingsProblems,
    NotUtf8,
    TerminalTooSmall,
    WhatIfMode,
}

impl Msg {
    /// Every message, for checks that none lacks a language.
    pub const ALL: &'static [Msg] = &[
        Msg::AppName,
        Msg::PaneServices,
        Msg::PaneQuestions,
        Msg::PaneResult,
        Msg::HelpTitle,
        Msg::HelpMore,
        Msg::Ruleset,
        Msg::Version,
        Msg::DataDir,
        Msg::Saved,
        Msg::SaveFailed,
        Msg::AtLeast,
        Msg::Missing,
        Msg::Complete,
        Msg::Incomplete,
        Msg::Provisional,
        Msg::Decisive,
        Msg::Reasons,
        Msg::PlanCheck,
        Msg::PlanMeets,
        Msg::PlanFallsShort,
        Msg::ServiceGroup,
        Msg::UserGroup,
        Msg::RulesetStatus,
        Msg::Note,
        Msg::NoServices,
        Msg::NoMatch,
        Msg::Filter,
        Msg::SortByName,
        Msg::SortByUpdated,
        Msg::SortByLevel,
        Msg::NewService,
        Msg::EditService,
        Msg::FieldName,
        Msg::FieldAgency,
        Msg::FieldDescription,
        Msg::FieldRuleset,
        Msg::ConfirmDeleteTitle,
        Msg::ConfirmDeleteBody,
        Msg::Yes,
        Msg::No,
        Msg::Ok,
        Msg::Cancel,
        Msg::ConflictTitle,
        Msg::ConflictBody,
        Msg::ConflictReload,
        Msg::ConflictKeepCopy,
        Msg::NothingToUndo,
        Msg::NothingToRedo,
        Msg::CopiedImpacts,
        Msg::SettingsProblems,
        Msg::NotUtf8,
        Msg::TerminalTooSmall,
        Msg::WhatIfMode,
    ];

    pub fn text(self, lang: Lang) -> &'static str {
        let (th, en) = self.pair();
        match lang {
            Lang::Th => th,
            Lang::En => en,
        }
    }

    fn pair(self) -> (&'static str, &'static str) {
        use Msg::*;
        match self {
            AppName => (
                "xal — ระดับความน่าเชื่อถือของตัวตนดิจิทัล",
                "xal — digital identity assurance levels",
            ),
            PaneServices => ("บริการ", "Services"),
            PaneQuestions => ("คำถาม", "Questions"),
            PaneResult => ("ผลการประเมิน", "Result"),
            HelpTitle => ("ปุ่มลัด", "Keys"),
            HelpMore => ("เลื่อนดูเพิ่มเติม", "scroll for more"),
            Ruleset => ("ชุดเกณฑ์", "Ruleset"),
            Version => ("รุ่น", "version"),
            DataDir => ("ที่เก็บข้อมูล", "Data"),
            Saved => ("บันทึกแล้ว", "saved"),
            SaveFailed => ("บันทึกไม่สำเร็จ", "not saved"),
            AtLeast => ("อย่างน้อย", "at least"),
            Missing => ("ยังไม่ได้ตอบ", "missing"),
            Complete => ("ตอบครบแล้ว", "complete"),
            Incomplete => ("ยังตอบไม่ครบ", "incomplete"),
            Provisional => ("ฉบับชั่วคราว", "provisional"),
            Decisive => ("ชี้ขาด", "decisive"),
            Reasons => ("เหตุผล", "Reasons"),
            PlanCheck => ("ตรวจสอบแผน", "Plan check"),
            PlanMeets => ("เป็นไปตามที่กำหนด", "meets the requirement"),
            PlanFallsShort => ("ต่ำกว่าที่กำหนด", "falls short"),
            ServiceGroup => ("กลุ่มบริการ", "Service group"),
            UserGroup => ("กลุ่มผู้ใช้", "User group"),
            RulesetStatus => ("สถานะชุดเกณฑ์", "Ruleset status"),
            Note => ("บันทึกย่อ", "Note"),
            NoServices => ("ยังไม่มีบริการ", "No services yet"),
            NoMatch => ("ไม่พบรายการที่ตรงกัน", "Nothing matches"),
            Filter => ("กรอง", "Filter"),
            SortByName => ("เรียงตามชื่อ", "by name"),
            SortByUpdated => ("เรียงตามวันที่แก้ไข", "by last change"),
            SortByLevel => ("เรียงตามระดับ", "by level"),
            NewService => ("เพิ่มบริการ", "New service"),
            EditService => ("แก้ไขบริการ", "Edit service"),
            FieldName => ("ชื่อบริการ", "Name"),
            FieldAgency => ("หน่วยงาน", "Agency"),
            FieldDescription => ("คำอธิบาย", "Description"),
            FieldRuleset => ("ชุดเกณฑ์", "Ruleset"),
            ConfirmDeleteTitle => ("ลบบริการนี้หรือไม่", "Delete this service?"),
            ConfirmDeleteBody => (
                "ไฟล์จะถูกย้ายไปไว้ในโฟลเดอร์ trash/ และกู้คืนได้",
                "The file moves to the trash/ folder and can be restored.",
            ),
            Yes => ("ใช่", "Yes"),
            No => ("ไม่", "No"),
            Ok => ("ตกลง", "OK"),
            Cancel => ("ยกเลิก", "Cancel"),
            ConflictTitle => ("ไฟล์ถูกแก้ไขจากที่อื่น", "The file changed on disk"),
            ConflictBody => (
                "มีการแก้ไขไฟล์นี้นอกโปรแกรมหลังจากที่เปิด",
                "Someone changed this file after it was opened here.",
            ),
            ConflictReload => ("โหลดฉบับในดิสก์", "Reload from disk"),
            ConflictKeepCopy => ("เก็บของฉันเป็นสำเนา", "Keep mine as a copy"),
            NothingToUndo => ("ไม่มีอะไรให้เลิกทำ", "Nothing to undo"),
            NothingToRedo => ("ไม่มีอะไรให้ทำซ้ำ", "Nothing to redo"),
            CopiedImpacts => (
                "คัดลอกผลกระทบด้านการพิสูจน์ตัวตนไปยังการยืนยันตัวตนแล้ว",
                "Copied the proofing impacts to authentication",
            ),
            SettingsProblems => ("ปัญหาในไฟล์ตั้งค่า", "Problems in your settings"),
            NotUtf8 => (
                "LANG ไม่ได้ระบุ UTF-8 ภาษาไทยอาจแสดงผลผิด (ลองใช้ --ascii)",
                "LANG does not say UTF-8: Thai may show wrongly (try --ascii)",
            ),
            TerminalTooSmall => ("หน้าจอเล็กเกินไป", "Terminal too small"),
            WhatIfMode => ("ทดลอง (ไม่บันทึก)", "what-if (not saved)"),
        }
    }
}

/// "4 of 9": where the wizard is.
pub fn progress(n: usize, total: usize, lang: Lang) -> String {
    match lang {
        Lang::Th => format!("ข้อ {n} จาก {total}"),
        Lang::En => format!("{n} of {total}"),
    }
}

/// "Esc or ? to close", with the keys in force.
pub fn close_with(keys: &[String], lang: Lang) -> String {
    let (or, tail) = match lang {
        Lang::Th => (" หรือ ", " เพื่อปิด"),
        Lang::En => (" or ", " to close"),
    };
    format!("{}{tail}", keys.join(or))
}

/// The one line shown when the terminal is smaller than the smallest usable layout.
pub fn too_small(need_w: u16, need_h: u16, lang: Lang) -> String {
    match lang {
        Lang::Th => format!("หน้าจอเล็กเกินไป ต้องการ {need_w}×{need_h}"),
        Lang::En => format!("Terminal too small: need {need_w}×{need_h}"),
    }
}

/// The short word for an action in the footer.
pub fn action_hint(a: Action, lang: Lang) -> Cow<'static, str> {
    use Action::*;
    let (th, en) = match a {
        Quit => ("ออก", "quit"),
        Help => ("วิธีใช้", "help"),
        FocusNext => ("ช่องถัดไป", "next pane"),
        FocusPrev => ("ช่องก่อนหน้า", "prev pane"),
        Up => ("ขึ้น", "up"),
        Down => ("ลง", "down"),
        PageUp => ("หน้าก่อน", "page up"),
        PageDown => ("หน้าถัดไป", "page down"),
        First => ("แรกสุด", "first"),
        Last => ("ท้ายสุด", "last"),
        Choose => ("เลือก", "choose"),
        Pick(n) => {
            return Cow::Owned(match lang {
                Lang::Th => format!("ตัวเลือกที่ {n}"),
                Lang::En => format!("option {n}"),
            });
        }
        PrevQuestion => ("ข้อก่อน", "prev"),
        NextQuestion => ("ข้อถัดไป", "next"),
        NextMissing => ("ยังไม่ตอบ", "missing"),
        CopyProofingToAuth => ("คัดลอกผลกระทบ", "copy impacts"),
        Note => ("บันทึกย่อ", "note"),
        Undo => ("เลิกทำ", "undo"),
        Redo => ("ทำซ้ำ", "redo"),
        // Named in the language it switches to, so a reader of either finds it.
        ToggleLang => ("English", "ภาษาไทย"),
        Filter => ("กรอง", "filter"),
        New => ("เพิ่ม", "new"),
        Edit => ("แก้ไข", "edit"),
        Copy => ("คัดลอก", "copy"),
        Delete => ("ลบ", "delete"),
        Open => ("เปิด", "open"),
        Sort => ("เรียง", "sort"),
        Back => ("ย้อนกลับ", "back"),
        Export => ("ส่งออก", "export"),
        Whatif => ("ทดลอง", "what if"),
        Compare => ("เปรียบเทียบ", "compare"),
        ToggleList => ("รายการ", "list"),
        Suspend => ("พัก", "suspend"),
        NextGroup => ("กลุ่มถัดไป", "next group"),
        AddGroup => ("เพิ่มกลุ่ม", "add group"),
    };
    Cow::Borrowed(pick(lang, th, en))
}

/// The sentence for an action in the help popup.
pub fn action_help(a: Action, lang: Lang) -> Cow<'static, str> {
    use Action::*;
    let (th, en) = match a {
        Quit => (
            "ออกจากโปรแกรม (ทุกการเปลี่ยนแปลงบันทึกไว้แล้ว)",
            "Quit (every change is already saved)",
        ),
        Help => ("แสดงรายการปุ่มนี้", "Show this list of keys"),
        FocusNext => ("ไปยังช่องถัดไป", "Focus the next pane"),
        FocusPrev => ("ไปยังช่องก่อนหน้า", "Focus the previous pane"),
        Up => ("เลื่อนขึ้น", "Move up"),
        Down => ("เลื่อนลง", "Move down"),
        PageUp => ("เลื่อนขึ้นหนึ่งหน้า", "Scroll up a page"),
        PageDown => ("เลื่อนลงหนึ่งหน้า", "Scroll down a page"),
        First => ("ไปรายการแรก", "Go to the first item"),
        Last => ("ไปรายการสุดท้าย", "Go to the last item"),
        Choose => (
            "เลือกตัวเลือกที่เคอร์เซอร์อยู่",
            "Choose the option under the cursor",
        ),
        Pick(n) => {
            return Cow::Owned(match lang {
                Lang::Th => format!("เลือกตัวเลือกที่ {n}"),
                Lang::En => format!("Pick option {n}"),
            });
        }
        PrevQuestion => ("คำถามก่อนหน้า", "Previous question"),
        NextQuestion => ("คำถามถัดไป", "Next question"),
        NextMissing => ("ไปยังคำถามถัดไปที่ยังไม่ได้ตอบ", "Next unanswered question"),
        CopyProofingToAuth => (
            "ใช้ผลกระทบด้านการพิสูจน์ตัวตนกับการยืนยันตัวตนด้วย",
            "Copy proofing impacts to authentication",
        ),
        Note => ("เขียนบันทึกย่อของคำถามนี้", "Write a note on this question"),
        Undo => ("เลิกทำการเปลี่ยนแปลงล่าสุด", "Undo the last change"),
        Redo => ("ทำซ้ำสิ่งที่เลิกทำไป", "Redo what was undone"),
        ToggleLang => ("สลับภาษาไทย/อังกฤษ", "Switch Thai / English"),
        Filter => ("กรองรายการขณะพิมพ์", "Filter the list as you type"),
        New => ("เพิ่มบริการใหม่", "New service"),
        Edit => ("แก้ไขรายละเอียดบริการ", "Edit the service's details"),
        Copy => ("คัดลอกบริการ", "Copy the service"),
        Delete => ("ลบบริการ (ย้ายไปถังขยะ)", "Delete the service (to the trash)"),
        Open => ("เปิดการประเมินของบริการ", "Open the service's assessment"),
        Sort => ("เปลี่ยนการเรียงลำดับ", "Change the sort order"),
        Back => ("ปิดหน้าต่างหรือย้อนกลับ", "Close the dialog or go back"),
        Export => ("ส่งออกผลการประเมิน", "Export the result"),
        Whatif => ("ลองเปลี่ยนคำตอบโดยไม่บันทึก", "Try answers without saving them"),
        Compare => ("เปรียบเทียบกับชุดเกณฑ์อื่น", "Compare with another ruleset"),
        ToggleList => ("แสดงหรือซ่อนรายการบริการ", "Show or hide the service list"),
        NextGroup => ("ไปยังกลุ่มผู้ใช้ถัดไป", "Go to the next user group"),
        AddGroup => ("เพิ่มกลุ่มผู้ใช้ใหม่", "Add a user group"),
        Suspend => (
            "พักไว้กลับไปที่เชลล์ (fg เพื่อกลับมา)",
            "Suspend to the shell (fg returns)",
        ),
    };
    Cow::Borrowed(pick(lang, th, en))
}

/// The sentence for the digits 1–9 shown as one row in help.
pub fn pick_range_help(lang: Lang) -> &'static str {
    pick(
        lang,
        "เลือกตัวเลือกลำดับที่ n (ตาราง: แถวนี้แล้วไปแถวถัดไป)",
        "Pick the n-th option (matrix: this row, then next)",
    )
}

/// The heading of a context's block in the help popup.
pub fn context_name(c: Context, lang: Lang) -> &'static str {
    let (th, en) = match c {
        Context::Global => ("ทุกช่อง", "In every pane"),
        Context::List => ("รายการบริการ", "Service list"),
        Context::Wizard => ("คำถาม", "Questions"),
        Context::Result => ("ผลการประเมิน", "Result"),
        Context::Dialog => ("หน้าต่างโต้ตอบ", "Dialogs"),
    };
    pick(lang, th, en)
}

fn pick(lang: Lang, th: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Th => th,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::*;

    fn is_thai(s: &str) -> bool {
        s.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
    }

    #[test]
    fn every_message_has_thai_and_english() {
        for m in Msg::ALL {
            assert!(is_thai(m.text(Lang::Th)), "{m:?} Thai");
            assert!(!is_thai(m.text(Lang::En)), "{m:?} English");
        }
    }

    #[test]
    fn every_action_has_both_words() {
        for a in Action::all() {
            for lang in [Lang::Th, Lang::En] {
                assert!(!action_hint(a, lang).is_empty(), "{a} hint");
                assert!(!action_help(a, lang).is_empty(), "{a} help");
            }
            if a != Action::ToggleLang {
                assert!(is_thai(&action_hint(a, Lang::Th)), "{a}");
                assert!(!is_thai(&action_hint(a, Lang::En)), "{a}");
            }
        }
    }

    #[test]
    fn footer_words_stay_short() {
        for a in Action::all() {
            for lang in [Lang::Th, Lang::En] {
                let w = action_hint(a, lang).width();
                assert!(w <= 16, "{a} {lang:?} hint is {w} cells");
            }
        }
    }

    #[test]
    fn help_sentences_fit_the_80_column_popup() {
        for a in Action::all() {
            for lang in [Lang::Th, Lang::En] {
                let w = action_help(a, lang).width();
                assert!(w <= 52, "{a} {lang:?} help is {w} cells");
            }
        }
        assert!(pick_range_help(Lang::Th).width() <= 52);
        assert!(pick_range_help(Lang::En).width() <= 52);
    }

    #[test]
    fn progress_reads_naturally() {
        assert_eq!(progress(4, 9, Lang::En), "4 of 9");
        assert_eq!(progress(4, 9, Lang::Th), "ข้อ 4 จาก 9");
    }
}
