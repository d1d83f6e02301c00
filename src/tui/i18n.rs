//! Every word of the interface, in Thai and English: the one place the interface turns what
//! the app says ([`Say`], [`Title`], actions, contexts) into text. Ruleset text (questions,
//! levels, reasons) comes from the ruleset files; only the frame around it lives here.

use std::borrow::Cow;

use crate::app::list::Sort;
use crate::app::{Action, Context, Say, Title};
use crate::ruleset::Status;
use crate::text::Lang;

/// The one way a Thai/English pair becomes text.
fn pick<T>(lang: Lang, th: T, en: T) -> T {
    match lang {
        Lang::Th => th,
        Lang::En => en,
    }
}

/// A fixed piece of interface text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::EnumIter)]
pub enum Msg {
    PaneServices,
    PaneQuestions,
    PaneResult,
    HelpTitle,
    HelpMore,
    DataDir,
    AtLeast,
    Initial,
    Missing,
    Complete,
    Incomplete,
    Reasons,
    PlanCheck,
    PlanReaches,
    PlanRequired,
    PlanMeets,
    PlanFallsShort,
    UserGroup,
    NewGroupName,
    RulesetStatus,
    Note,
    Case,
    NoServices,
    NoMatch,
    /// The result pane while the list's filter lets no row through.
    ResultNoMatch,
    TypeToFilter,
    Filter,
    ChooseAService,
    ResultHidden,
    NewService,
    EditService,
    CopyService,
    FieldName,
    FieldAgency,
    FieldDescription,
    FieldRuleset,
    Unchanged,
    ConfirmDeleteTitle,
    ConfirmDeleteBody,
    ConflictTitle,
    ConflictBody,
    Mine,
    OnDisk,
    NoValue,
    RemoveGroupTitle,
    RemoveGroupBody,
    OverwriteTitle,
    OverwriteBody,
    VoidApprovalTitle,
    VoidReviewTitle,
    YesChangeIt,
    AllQuestions,
    TrashTitle,
    DoneTitle,
    AnsweredCount,
    ResultAtDebrief,
    StillOptional,
    SoFar,
    ExportTitle,
    CompareWith,
    WhatifChoose,
    StatementTitle,
    FinalLevel,
    Rationale,
    Privacy,
    Experience,
    Threats,
    Compensating,
    Supplemental,
    ControlName,
    Replaces,
    Why,
    Comparability,
    Residual,
    Cost,
    Provider,
    ProviderDias,
    Evaluation,
    Redress,
    Add,
    NeedsRationale,
}

impl Msg {
    pub fn text(self, lang: Lang) -> &'static str {
        let (th, en) = self.pair();
        pick(lang, th, en)
    }

    fn pair(self) -> (&'static str, &'static str) {
        use Msg::*;
        match self {
            PaneServices => ("บริการ", "Services"),
            PaneQuestions => ("คำถาม", "Questions"),
            PaneResult => ("ผลการประเมิน", "Result"),
            HelpTitle => ("ปุ่มลัด", "Keys"),
            HelpMore => ("เลื่อนดูเพิ่มเติม", "scroll for more"),
            DataDir => ("ที่เก็บข้อมูล", "Data"),
            AtLeast => ("อย่างน้อย", "at least"),
            Initial => ("เริ่มต้น", "initial"),
            Missing => ("ยังไม่ได้ตอบ", "missing"),
            Complete => ("ตอบครบแล้ว", "complete"),
            Incomplete => ("ยังตอบไม่ครบ", "incomplete"),
            Reasons => ("เหตุผล", "Reasons"),
            PlanCheck => ("ตรวจสอบแผน", "Plan check"),
            PlanMeets => ("เป็นไปตามที่กำหนด", "meets the requirement"),
            PlanFallsShort => ("ต่ำกว่าที่กำหนด", "falls short"),
            PlanReaches => ("แผนที่วางไว้ได้ระดับ", "the planned method reaches"),
            PlanRequired => ("ต้องการ", "required"),
            UserGroup => ("กลุ่มผู้ใช้", "User group"),
            NewGroupName => ("ชื่อกลุ่มใหม่", "new group's name"),
            RulesetStatus => ("สถานะชุดเกณฑ์", "Ruleset status"),
            Note => ("บันทึกย่อ", "Note"),
            Case => ("กรณี", "Case"),
            NoServices => ("ยังไม่มีบริการ", "No services yet"),
            NoMatch => ("ไม่พบรายการที่ตรงกัน", "Nothing matches"),
            ResultNoMatch => (
                "ไม่มีบริการที่ตรงกับตัวกรอง จึงไม่มีผลให้แสดง",
                "No service matches the filter: no result to show",
            ),
            TypeToFilter => ("พิมพ์เพื่อกรอง", "type to filter"),
            Filter => ("กรอง", "Filter"),
            ChooseAService => (
                "เลือกบริการจากรายการแล้วกด Enter หรือกด n เพื่อสร้างใหม่",
                "Choose a service in the list and press Enter, or n for a new one",
            ),
            ResultHidden => (
                "ผลการประเมินถูกซ่อนไว้จนกว่าผู้สอนจะเปิดเผย (xal train reveal)",
                "The result is hidden until the trainer reveals it (xal train reveal)",
            ),
            NewService => ("เพิ่มบริการ", "New service"),
            EditService => ("แก้ไขบริการ", "Edit service"),
            CopyService => ("คัดลอกเป็นบริการใหม่", "Copy as a new service"),
            FieldName => ("ชื่อบริการ", "Name"),
            FieldAgency => ("หน่วยงาน", "Agency"),
            FieldDescription => ("คำอธิบาย", "Description"),
            FieldRuleset => ("ชุดเกณฑ์", "Ruleset"),
            Unchanged => ("(ไม่เปลี่ยน)", "(unchanged)"),
            ConfirmDeleteTitle => ("ลบบริการนี้หรือไม่", "Delete this service?"),
            ConfirmDeleteBody => (
                "ไฟล์จะถูกย้ายไปไว้ในโฟลเดอร์ trash/ และกู้คืนได้",
                "The file moves to the trash/ folder and can be restored.",
            ),
            ConflictTitle => ("ไฟล์ถูกแก้ไขจากที่อื่น", "The file changed on disk"),
            ConflictBody => (
                "มีการแก้ไขไฟล์นี้นอกโปรแกรมหลังจากที่เปิด",
                "Someone changed this file after it was opened here.",
            ),
            Mine => ("ของฉัน", "mine"),
            OnDisk => ("ในดิสก์", "on disk"),
            NoValue => ("(ไม่มี)", "(none)"),
            RemoveGroupTitle => ("ลบกลุ่มผู้ใช้นี้หรือไม่", "Remove this user group?"),
            RemoveGroupBody => (
                "คำตอบและบันทึกย่อของกลุ่มนี้จะถูกลบ และเลิกทำไม่ได้",
                "Its answers and notes go, and undo cannot bring them back:",
            ),
            OverwriteTitle => ("เขียนทับฉบับอื่นหรือไม่", "Write over the other version?"),
            OverwriteBody => (
                "การแก้ไขที่ทำจากที่อื่นในไฟล์นี้จะหายไป แทนที่ด้วยของฉัน",
                "The changes made elsewhere to this file are replaced by mine:",
            ),
            VoidApprovalTitle => (
                "แก้ไขการประเมินที่อนุมัติแล้วหรือไม่",
                "Change an approved assessment?",
            ),
            VoidReviewTitle => (
                "แก้ไขการประเมินที่ตรวจทานแล้วหรือไม่",
                "Change a reviewed assessment?",
            ),
            YesChangeIt => ("ใช่ แก้ไข", "yes, change it"),
            AllQuestions => ("ทุกคำถาม", "All questions"),
            TrashTitle => ("ถังขยะ: เลือกเพื่อกู้คืน", "Trash: choose one to restore"),
            DoneTitle => ("ตอบครบทุกข้อแล้ว", "Every question is answered"),
            AnsweredCount => ("จำนวนข้อที่ตอบแล้ว", "Questions answered"),
            ResultAtDebrief => (
                "ผลการประเมินจะเปิดเผยในการสรุปผลกับผู้สอน (xal train reveal)",
                "The result comes at the debrief, when the trainer runs xal train reveal",
            ),
            StillOptional => ("ยังตอบเพิ่มได้ (ไม่บังคับ)", "Still open (optional)"),
            SoFar => ("ขณะนี้", "so far"),
            ExportTitle => ("ส่งออกรายงาน", "Export a report"),
            CompareWith => ("เปรียบเทียบกับ", "Compare with"),
            WhatifChoose => (
                "อะไรจะเปลี่ยนระดับ: เลือกระดับที่ต้องการ",
                "What would change the level: choose a level",
            ),
            StatementTitle => ("คำแถลงการยอมรับ", "Acceptance statement"),
            FinalLevel => ("ระดับสุดท้าย", "Final"),
            Rationale => ("เหตุผล", "Rationale"),
            Privacy => ("ความเป็นส่วนตัว", "Privacy"),
            Experience => ("ประสบการณ์ผู้ใช้บริการ", "Customer experience"),
            Threats => ("การต้านทานภัยคุกคาม", "Threat resistance"),
            Compensating => ("มาตรการชดเชย", "Compensating controls"),
            Supplemental => ("มาตรการเสริม", "Supplemental controls"),
            ControlName => ("มาตรการ", "Control"),
            Replaces => ("มาตรการที่ถูกแทน", "Control replaced"),
            Why => ("เหตุที่ใช้แทน", "Why"),
            Comparability => ("ความเทียบเท่า", "Comparability"),
            Residual => ("ความเสี่ยงคงเหลือ", "Residual risk"),
            Cost => ("การตัดสินใจด้านต้นทุน", "Decisions on cost"),
            Provider => ("CSP/IdP ภายนอก", "Outside CSP/IdP"),
            ProviderDias => ("DIAS ของผู้ให้บริการที่ทบทวน", "Its DIAS reviewed"),
            Evaluation => ("การประเมินต่อเนื่อง", "Continuous evaluation"),
            Redress => ("การเยียวยา", "Redress"),
            Add => ("เพิ่ม", "add"),
            NeedsRationale => ("ต้องเขียนเหตุผล", "needs a rationale"),
        }
    }
}

/// What the app says, in words.
pub fn say(s: &Say, lang: Lang) -> String {
    let fixed = |th: &str, en: &str| pick(lang, th, en).to_string();
    match s {
        Say::Saved => fixed("บันทึกแล้ว", "saved"),
        Say::SortedBy(sort) => sort_name(*sort, lang).to_string(),
        Say::NothingToUndo => fixed("ไม่มีอะไรให้เลิกทำ", "Nothing to undo"),
        Say::NothingToRedo => fixed("ไม่มีอะไรให้ทำซ้ำ", "Nothing to redo"),
        Say::Undone {
            redo,
            service: _,
            changes,
        } => {
            let none = pick(lang, "(ไม่มี)", "(none)");
            let what: Vec<String> = changes
                .iter()
                .map(|c| {
                    let (from, to) = (
                        c.from.as_deref().unwrap_or(none),
                        c.to.as_deref().unwrap_or(none),
                    );
                    if c.note {
                        format!("{} {}", pick(lang, "บันทึกย่อของ", "the note on"), c.what)
                    } else {
                        format!("{} {from} → {to}", c.what)
                    }
                })
                .collect();
            let verb = match (lang, redo) {
                (Lang::Th, false) => "เลิกทำ",
                (Lang::Th, true) => "ทำซ้ำ",
                (Lang::En, false) => "undone",
                (Lang::En, true) => "redone",
            };
            format!("{verb}: {}", what.join(", "))
        }
        Say::UndoIsForOpen { service } => pick(
            lang,
            format!("เลิกทำได้กับรายการที่เปิดอยู่ «{service}» เท่านั้น: เลือกรายการนั้นก่อน"),
            format!("Undo works on the open assessment «{service}»: highlight it first"),
        ),
        Say::AllAnswered => fixed("ตอบครบแล้ว", "complete"),
        Say::CopiedImpacts => fixed(
            "คัดลอกผลกระทบด้านการพิสูจน์ตัวตนไปยังการยืนยันตัวตนแล้ว",
            "Copied the proofing impacts to authentication",
        ),
        Say::MovedToTrash { name } => pick(
            lang,
            // The name last: a long one is cut, never the keys.
            format!("ย้ายไปถังขยะแล้ว — u เพื่อเลิกทำ, T ดูถังขยะ: «{name}»"),
            format!("Moved to the trash — u to undo, T to restore others: «{name}»"),
        ),
        Say::NoStatement => fixed(
            "ชุดเกณฑ์นี้ไม่มีคำแถลงการยอมรับ (มีใน NIST 800-63-4)",
            "This ruleset has no acceptance statement (NIST 800-63-4 has)",
        ),
        Say::CopiedGroupImpacts { group } => pick(
            lang,
            format!("คัดลอกระดับผลกระทบของกลุ่ม «{group}» แล้ว (u เพื่อเลิกทำ)"),
            format!("Copied the impacts of group «{group}» (u to undo)"),
        ),
        Say::ConflictPending => fixed(
            "ไฟล์ถูกแก้ไขจากที่อื่น: ยังไม่ได้บันทึก",
            "The file changed on disk: not saved",
        ),
        Say::RulesetChanged {
            ruleset,
            recorded,
            current,
            changes,
        } => {
            let mut parts = vec![format!("{ruleset} {recorded} → {current}")];
            parts.extend(
                changes
                    .iter()
                    .map(|(t, old, new)| format!("{t}: {old} → {new}")),
            );
            parts.join("; ")
        }
        Say::UnknownRuleset { path, id } => {
            let what = pick(
                lang,
                format!("ไม่รู้จักชุดเกณฑ์ `{id}` จึงไม่แก้ไขไฟล์นี้"),
                format!("unknown ruleset `{id}`; the file is left as it is"),
            );
            match path {
                Some(p) => format!("{}: {what}", p.display()),
                None => what,
            }
        }
        Say::NotUtf8Locale => fixed(
            "LANG/LC_ALL ไม่ได้ระบุ UTF-8 ภาษาไทยอาจแสดงผลผิด จึงวาดเส้นขอบและสัญลักษณ์ด้วย ASCII",
            "LANG/LC_ALL do not say UTF-8: Thai may show wrongly; borders and symbols are drawn in ASCII",
        ),
        Say::ReportEmpty => fixed(
            "รายงานว่างเปล่า จึงไม่ได้เขียนไฟล์",
            "The report came out empty; nothing was written",
        ),
        Say::NameMissing => fixed("ต้องระบุชื่อบริการ", "A name is needed"),
        Say::BrokenFile => fixed(
            "ไฟล์นี้อ่านไม่ได้: E เปิดในโปรแกรมแก้ไข, d ย้ายไปถังขยะ",
            "This file does not parse: E opens it in your editor, d moves it to the trash",
        ),
        Say::DraftRestored => fixed("แบบฟอร์มที่พิมพ์ค้างไว้", "The form left open last time"),
        Say::KeptCopy { service, copy } => pick(
            lang,
            format!("«{service}» ถูกแก้ไขจากที่อื่นขณะโปรแกรมหยุด การแก้ไขของคุณเก็บไว้เป็นสำเนา {copy}"),
            format!(
                "«{service}» changed on disk as xal stopped; your changes were kept as the copy {copy}"
            ),
        ),
        Say::ReportFailed(e) => pick(
            lang,
            format!("สร้างรายงานไม่ได้ จึงไม่ได้เขียนไฟล์: {e}"),
            format!("The report could not be made; nothing was written: {e}"),
        ),
        Say::NoEditor(e) => pick(
            lang,
            format!("เปิดโปรแกรมแก้ไขไม่ได้: {e}"),
            format!("Could not open the editor: {e}"),
        ),
        Say::EditorRefused { hidden: true } => fixed(
            "ไฟล์เก็บระดับที่ซ่อนไว้ จึงเปิดด้วยโปรแกรมแก้ไขได้เมื่อผู้สอนสั่ง xal train reveal แล้ว",
            "The file holds the hidden levels: it opens in an editor once the trainer runs xal train reveal",
        ),
        Say::EditorRefused { hidden: false } => fixed(
            "สถานการณ์นี้เป็นของผู้สอน: ตอบคำถามที่หน้าจอนี้ ไม่แก้ไฟล์โดยตรง",
            "This scenario is the trainer's: answer it here rather than editing its file",
        ),
        Say::ResultHidden(what) => pick(
            lang,
            format!("{what}: ผลการประเมินถูกซ่อนไว้สำหรับผู้เข้าอบรม จนกว่าผู้สอนจะสั่ง `xal train reveal`"),
            format!(
                "{what}: the result is hidden in this trainee's data dir until the trainer runs `xal train reveal`"
            ),
        ),
        Say::NoGroups => fixed(
            "ชุดเกณฑ์นี้ไม่มีกลุ่มผู้ใช้ (มีใน NIST 800-63-4)",
            "This ruleset has no user groups (NIST 800-63-4 has)",
        ),
        Say::NotAsked { question } => pick(
            lang,
            format!("{question} ไม่ถูกถามตามคำตอบตอนนี้"),
            format!("{question} is not asked under the current answers"),
        ),
        Say::NoneIncomplete => fixed(
            "ทุกรายการตอบครบแล้ว",
            "Every assessment in the list is complete",
        ),
        Say::TrashEmpty => fixed("ถังขยะว่าง", "The trash is empty"),
        Say::Restored { name } => pick(
            lang,
            format!("กู้คืน «{name}» แล้ว"),
            format!("Restored «{name}»"),
        ),
        // What happened first, the name last: at 80 columns a long name is what gets cut.
        Say::ChangedElsewhere { name } => pick(
            lang,
            format!("ถูกแก้จากโปรแกรมอื่น แสดงฉบับล่าสุดแล้ว: «{name}»"),
            format!("Changed by another program, shown as it is now: «{name}»"),
        ),
        Say::RemovedElsewhere { name } => pick(
            lang,
            format!("ไฟล์ถูกลบจากโปรแกรมอื่น ยังอยู่ในหน่วยความจำ แก้ไขครั้งถัดไปจะบันทึกใหม่: «{name}»"),
            format!(
                "File removed by another program; kept in memory, the next change saves it: «{name}»"
            ),
        ),
        Say::Copied(text) => pick(
            lang,
            format!("คัดลอกแล้ว (ถ้าเทอร์มินัลรองรับ): {text}"),
            format!("Copied, where the terminal allows it: {text}"),
        ),
        Say::KeyElsewhere {
            key,
            action,
            context,
        } => pick(
            lang,
            format!(
                "{key} ({}) ใช้ได้ใน{}",
                action_hint(*action, *context, lang),
                context_name(*context, lang)
            ),
            format!(
                "{key} ({}) works in the {} pane",
                action_hint(*action, *context, lang),
                context_name(*context, lang)
            ),
        ),
        Say::NothingToCopy => fixed(
            "คัดลอกได้เฉพาะตารางผลกระทบที่มีตารางก่อนหน้าที่ตอบแล้ว",
            "Copying needs an impact matrix with an earlier one answered",
        ),
        Say::OpenFirst => fixed(
            "เลือกหรือเปิดการประเมินก่อน",
            "Highlight or open an assessment first",
        ),
        Say::NotARepo => fixed(
            "โฟลเดอร์ข้อมูลไม่ใช่ git repository: สั่ง xal repo init เพื่อแบ่งปัน",
            "The data dir is not a git repository: xal repo init shares it",
        ),
        Say::SyncRunning => fixed("กำลังซิงก์…", "syncing…"),
        Say::ReadingHistory => fixed("กำลังอ่านประวัติ…", "reading the history…"),
        Say::Problem(text) => text.clone(),
    }
}

pub fn title(t: &Title, lang: Lang) -> String {
    let fixed = |th: &str, en: &str| pick(lang, th, en).to_string();
    match t {
        Title::SettingsProblems => fixed("ปัญหาในไฟล์ตั้งค่า", "Problems in your settings"),
        Title::SaveFailed => fixed("บันทึกไม่สำเร็จ", "not saved"),
        Title::File(p) => p.display().to_string(),
        Title::Exported => fixed("ส่งออกแล้ว", "Exported"),
        Title::ExportFailed => fixed("ส่งออกไม่สำเร็จ", "Export failed"),
        Title::Comparison => fixed("เปรียบเทียบ", "Compare"),
        Title::Reevaluation => fixed("ประเมินใหม่", "Re-evaluation"),
        Title::Whatif => fixed("อะไรจะเปลี่ยนระดับ", "What would change the level"),
        Title::KeptCopies => fixed("เก็บไว้เป็นสำเนา", "Kept as a copy"),
        Title::Brief { scenario } => {
            let head = pick(lang, "โจทย์ (อ่านอย่างเดียว)", "Brief (read-only)");
            match scenario {
                Some(s) => format!("{head} · {}", crate::text::visible(s)),
                None => head.to_string(),
            }
        }
        Title::History(name) => pick(
            lang,
            format!("ประวัติ: {}", crate::text::visible(name)),
            format!("History: {}", crate::text::visible(name)),
        ),
        Title::Synced => fixed("ซิงก์แล้ว", "Synced"),
        Title::SyncFailed => fixed("ซิงก์ไม่สำเร็จ", "Sync did not finish"),
    }
}

pub fn sort_name(s: Sort, lang: Lang) -> &'static str {
    match s {
        Sort::Name => pick(lang, "เรียงตามชื่อ", "by name"),
        Sort::Updated => pick(lang, "เรียงตามวันที่แก้ไข", "by last change"),
        Sort::Level => pick(lang, "เรียงตามระดับ", "by level"),
    }
}

pub fn ruleset_status(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Final => pick(lang, "ฉบับสมบูรณ์", "final"),
        Status::Provisional => pick(lang, "ฉบับชั่วคราว", "provisional"),
        Status::Draft => pick(lang, "ฉบับร่าง", "draft"),
    }
}

/// "4 of 9": where the wizard is.
pub fn progress(n: usize, total: usize, lang: Lang) -> String {
    pick(
        lang,
        format!("ข้อ {n} จาก {total}"),
        format!("{n} of {total}"),
    )
}

/// "4 answered · 3 to go": how far the answers are, in a form that moves by one per answer.
pub fn tally(answered: usize, to_go: usize, lang: Lang) -> String {
    match (lang, to_go) {
        (Lang::Th, 0) => format!("ตอบแล้ว {answered} · ครบแล้ว"),
        (Lang::Th, _) => format!("ตอบแล้ว {answered} · เหลือ {to_go}"),
        (Lang::En, 0) => format!("{answered} answered · none to go"),
        (Lang::En, _) => format!("{answered} answered · {to_go} to go"),
    }
}

/// "Esc or ? to close", with the keys in force.
pub fn close_with(keys: &[String], lang: Lang) -> String {
    let (or, tail) = pick(lang, (" หรือ ", " เพื่อปิด"), (" or ", " to close"));
    format!("{}{tail}", keys.join(or))
}

/// The one line shown when the terminal is smaller than the smallest usable layout.
pub fn too_small(need_w: u16, need_h: u16, lang: Lang) -> String {
    pick(
        lang,
        format!("หน้าจอเล็กเกินไป ต้องการ {need_w}×{need_h}"),
        format!("Terminal too small: need {need_w}×{need_h}"),
    )
}

/// The short word for an action in a hint line, for where it is pressed.
/// "press n for a new one", with the key bound to `new`.
/// A picker's filter that lets nothing through, and the key that closes it.
pub fn no_match_for(query: &str, close: &str, lang: Lang) -> String {
    match lang {
        Lang::Th => format!("ไม่พบ «{query}» — {close} เพื่อปิด"),
        Lang::En => format!("No match for «{query}» — {close} to close"),
    }
}

pub fn press_for_new(key: &str, lang: Lang) -> String {
    match lang {
        Lang::Th => format!("กด {key} เพื่อสร้างใหม่"),
        Lang::En => format!("press {key} for a new one"),
    }
}

/// The language `L` switches to, named in ASCII (for a terminal drawn in ASCII).
pub fn other_language_ascii(lang: Lang) -> &'static str {
    match lang {
        Lang::Th => "English",
        Lang::En => "Thai",
    }
}

pub fn action_hint(a: Action, here: Context, lang: Lang) -> Cow<'static, str> {
    use Action::*;
    let in_form = matches!(here, Context::Form | Context::Select);
    let (th, en) = match a {
        Quit => ("ออก", "quit"),
        Help => ("วิธีใช้", "help"),
        FocusNext if in_form => ("ช่องถัดไป", "next field"),
        FocusPrev if in_form => ("ช่องก่อนหน้า", "prev field"),
        FocusNext => ("ช่องถัดไป", "next pane"),
        FocusPrev => ("ช่องก่อนหน้า", "prev pane"),
        Up if here == Context::Reader || here == Context::Help => ("เลื่อนขึ้น", "scroll up"),
        Down if here == Context::Reader || here == Context::Help => ("เลื่อนลง", "scroll"),
        Up => ("ขึ้น", "up"),
        Down => ("ลง", "down"),
        Left if here == Context::Select => ("ก่อนหน้า", "previous"),
        Right if here == Context::Select => ("เปลี่ยน", "change"),
        Left if here == Context::Statement => ("ลดระดับ", "lower"),
        Right if here == Context::Statement => ("เพิ่มระดับ", "raise"),
        Left => ("ซ้าย", "left"),
        Right => ("ขวา", "right"),
        PageUp => ("หน้าก่อน", "page up"),
        PageDown => ("หน้าถัดไป", "page down"),
        First => ("แรกสุด", "first"),
        Last => ("ท้ายสุด", "last"),
        Choose if in_form || here == Context::Text => ("บันทึก", "save"),
        Choose if here == Context::Reader => ("ปิด", "close"),
        Choose if here == Context::Statement => ("แก้ไข", "edit"),
        Choose => ("เลือก", "choose"),
        Pick1 | Pick2 | Pick3 | Pick4 | Pick5 | Pick6 | Pick7 | Pick8 | Pick9 => {
            let n = a.pick_index().unwrap_or(0) + 1;
            return Cow::Owned(pick(lang, format!("ตัวเลือกที่ {n}"), format!("option {n}")));
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
        Filter if here == Context::Select => ("ค้นหา", "find"),
        Filter => ("กรอง", "filter"),
        New => ("เพิ่ม", "new"),
        Edit => ("แก้ไข", "edit"),
        Copy => ("คัดลอก", "copy"),
        Delete if here == Context::Statement => ("ลบมาตรการ", "remove"),
        Delete => ("ลบ", "delete"),
        Open => ("เปิด", "open"),
        EditFile => ("แก้ไขไฟล์", "edit file"),
        Sort => ("เรียง", "sort"),
        Back if matches!(
            here,
            Context::Reader | Context::Help | Context::Done | Context::Statement
        ) =>
        {
            ("ปิด", "close")
        }
        Back if matches!(
            here,
            Context::Global | Context::List | Context::Wizard | Context::Result
        ) =>
        {
            ("ย้อนกลับ", "back")
        }
        Back => ("ยกเลิก", "cancel"),
        Export => ("ส่งออก", "export"),
        Whatif => ("ทดลอง", "what if"),
        Brief => ("โจทย์", "brief"),
        Compare => ("เปรียบเทียบ", "compare"),
        ToggleList => ("รายการ", "list"),
        Suspend => ("พัก", "suspend"),
        NextGroup => ("กลุ่มถัดไป", "next group"),
        PrevGroup => ("กลุ่มก่อนหน้า", "prev group"),
        AddGroup => ("เพิ่มกลุ่ม", "add group"),
        RenameGroup => ("เปลี่ยนชื่อกลุ่ม", "rename group"),
        RemoveGroup => ("ลบกลุ่ม", "remove group"),
        QuestionIndex => ("ทุกคำถาม", "all questions"),
        NextIncomplete => ("รายการถัดไปที่ยังไม่ครบ", "next incomplete"),
        Trash => ("ถังขยะ", "trash"),
        CopyId => ("คัดลอกรหัส", "copy id"),
        Sync => ("ซิงก์", "sync"),
        History => ("ประวัติ", "history"),
        Statement => ("คำแถลงการยอมรับ", "acceptance statement"),
        AddCompensating => ("เพิ่มมาตรการชดเชย", "add compensating"),
        AddSupplemental => ("เพิ่มมาตรการเสริม", "add supplemental"),
        HelpDown => ("คำอธิบายถัดไป", "more help"),
        HelpUp => ("คำอธิบายก่อนหน้า", "help back"),
        Overwrite => ("เขียนทับ", "overwrite"),
        Yes => ("ใช่ ลบ", "yes, delete"),
        No => ("ไม่", "no"),
        Reload => ("โหลดฉบับในดิสก์", "reload from disk"),
        KeepCopy => ("เก็บของฉันเป็นสำเนา", "keep mine as a copy"),
        LineStart => ("ต้นบรรทัด", "line start"),
        LineEnd => ("ท้ายบรรทัด", "line end"),
        DeleteBack => ("ลบถอยหลัง", "delete back"),
        DeleteForward => ("ลบไปข้างหน้า", "delete"),
        DeleteWordBack => ("ลบคำ", "delete word"),
        DeleteToStart if here == Context::Pick => ("ล้างตัวกรอง", "clear filter"),
        DeleteToStart => ("ลบถึงต้นบรรทัด", "delete to start"),
        DeleteToEnd => ("ลบถึงท้ายบรรทัด", "delete to end"),
        NewLine => ("ขึ้นบรรทัดใหม่", "new line"),
    };
    Cow::Borrowed(pick(lang, th, en))
}

/// The sentence for an action in the help popup, for the context it is listed under.
pub fn action_help(a: Action, here: Context, lang: Lang) -> Cow<'static, str> {
    use Action::*;
    let (th, en) = match a {
        Quit => (
            "ออกจากโปรแกรม (ทุกการเปลี่ยนแปลงบันทึกไว้แล้ว)",
            "Quit (every change is already saved)",
        ),
        Help if here == Context::Help => ("ปิดรายการปุ่มนี้", "Close this list of keys"),
        Help => ("แสดงรายการปุ่มนี้", "Show this list of keys"),
        FocusNext if here == Context::Form => ("ไปยังช่องถัดไป", "Go to the next field"),
        FocusPrev if here == Context::Form => ("ไปยังช่องก่อนหน้า", "Go to the previous field"),
        FocusNext => ("ไปยังช่องถัดไป", "Focus the next pane"),
        FocusPrev => ("ไปยังช่องก่อนหน้า", "Focus the previous pane"),
        Up if here == Context::Text => ("ขึ้นหนึ่งบรรทัด", "Move up a line"),
        Down if here == Context::Text => ("ลงหนึ่งบรรทัด", "Move down a line"),
        Up | Down if here == Context::Filter => (
            "เลิกพิมพ์ตัวกรอง กลับไปที่รายการ",
            "Stop typing the filter, back to the list",
        ),
        Up => ("เลื่อนขึ้น", "Move up"),
        Down => ("เลื่อนลง", "Move down"),
        Left if here == Context::Select => ("ตัวเลือกก่อนหน้า", "The previous choice"),
        Right if here == Context::Select => ("ตัวเลือกถัดไป", "The next choice"),
        Left if here == Context::Statement => {
            ("ลดระดับสุดท้ายลงหนึ่งขั้น", "Lower the final level a step")
        }
        Right if here == Context::Statement => {
            ("เพิ่มระดับสุดท้ายขึ้นหนึ่งขั้น", "Raise the final level a step")
        }
        Left => ("ถอยไปหนึ่งตัวอักษร", "Move back a character"),
        Right => ("ไปข้างหน้าหนึ่งตัวอักษร", "Move forward a character"),
        PageUp => ("เลื่อนขึ้นหนึ่งหน้า", "Scroll up a page"),
        PageDown => ("เลื่อนลงหนึ่งหน้า", "Scroll down a page"),
        First => ("ไปรายการแรก", "Go to the first item"),
        Last => ("ไปรายการสุดท้าย", "Go to the last item"),
        Choose if here == Context::Dialog => {
            ("ยืนยัน: เลือก บันทึก หรือปิด", "Confirm: choose, save or close")
        }
        Choose => (
            "เลือกตัวเลือกที่เคอร์เซอร์อยู่",
            "Choose the option under the cursor",
        ),
        Pick1 | Pick2 | Pick3 | Pick4 | Pick5 | Pick6 | Pick7 | Pick8 | Pick9 => {
            let n = a.pick_index().unwrap_or(0) + 1;
            return Cow::Owned(pick(
                lang,
                format!("เลือกตัวเลือกที่ {n}"),
                format!("Pick option {n}"),
            ));
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
        Filter if here == Context::Select => (
            "เลือกชุดเกณฑ์จากรายการที่กรองขณะพิมพ์",
            "Choose the ruleset from a list filtered as you type",
        ),
        Filter => (
            "ค้นขณะพิมพ์ทุกคอลัมน์: aal>=2, state:incomplete",
            "Find in every column: aal>=2, state:incomplete",
        ),
        New => ("เพิ่มบริการใหม่", "New service"),
        Edit => ("แก้ไขรายละเอียดบริการ", "Edit the service's details"),
        Copy => ("คัดลอกบริการ", "Copy the service"),
        Delete if here == Context::Statement => (
            "ลบมาตรการที่เคอร์เซอร์อยู่",
            "Remove the control under the cursor",
        ),
        Delete => ("ลบบริการ (ย้ายไปถังขยะ)", "Delete the service (to the trash)"),
        Open => ("เปิดการประเมินของบริการ", "Open the service's assessment"),
        EditFile => (
            "เปิดไฟล์ในโปรแกรมแก้ไข ($VISUAL, $EDITOR)",
            "Open the file in your editor ($VISUAL, $EDITOR)",
        ),
        Sort => ("เปลี่ยนการเรียงลำดับ", "Change the sort order"),
        Back if here == Context::Filter => ("ล้างตัวกรอง", "Clear the filter"),
        DeleteToStart if here == Context::Pick => ("ล้างตัวกรอง", "Clear the filter"),
        Back => ("ปิดหน้าต่างหรือย้อนกลับ", "Close the dialog or go back"),
        Export => ("ส่งออกผลการประเมิน", "Export the result"),
        Whatif => ("อะไรจะเปลี่ยนระดับ", "What would change the level"),
        Brief => (
            "อ่านโจทย์ของบริการ (แก้ไขไม่ได้)",
            "Read the service's brief (read-only)",
        ),
        Compare => (
            "เปรียบเทียบกับการประเมินหรือชุดเกณฑ์อื่น",
            "Compare with another assessment or ruleset",
        ),
        ToggleList => ("แสดงหรือซ่อนรายการบริการ", "Show or hide the service list"),
        NextGroup => ("ไปยังกลุ่มผู้ใช้ถัดไป", "Go to the next user group"),
        PrevGroup => ("ไปยังกลุ่มผู้ใช้ก่อนหน้า", "Go to the previous user group"),
        AddGroup => ("เพิ่มกลุ่มผู้ใช้ใหม่", "Add a user group"),
        RenameGroup => ("เปลี่ยนชื่อกลุ่มผู้ใช้นี้", "Rename this user group"),
        RemoveGroup => ("ลบกลุ่มผู้ใช้นี้ (ถามก่อน)", "Remove this user group (asks first)"),
        QuestionIndex => (
            "ทุกคำถามพร้อมสถานะ เพื่อข้ามไปยังข้อใดก็ได้",
            "Every question with its state, to jump to one",
        ),
        NextIncomplete => (
            "เปิดรายการถัดไปที่ยังตอบไม่ครบ",
            "Open the next assessment with questions left",
        ),
        Trash => ("รายการที่ลบแล้ว เพื่อกู้คืน", "Deleted assessments, to restore one"),
        CopyId => (
            "คัดลอกรหัสและระดับไปยังคลิปบอร์ดของเทอร์มินัล",
            "Copy the id and levels to the terminal's clipboard",
        ),
        Sync => (
            "ซิงก์ผ่าน git เหมือน xal sync (commit รวม push)",
            "Commit, merge and push through git, as xal sync does",
        ),
        History => (
            "ใครเปลี่ยนคำตอบใด เมื่อไร (เหมือน xal history)",
            "Who changed which answer, and when (as xal history)",
        ),
        Statement => (
            "คำแถลงการยอมรับของกลุ่มผู้ใช้นี้ (DIAS)",
            "This user group's acceptance statement (DIAS)",
        ),
        AddCompensating => (
            "เพิ่มมาตรการชดเชย ตั้งชื่อก่อน",
            "Add a compensating control, named first",
        ),
        AddSupplemental => (
            "เพิ่มมาตรการเสริม ตั้งชื่อก่อน",
            "Add a supplemental control, named first",
        ),
        HelpDown => (
            "เลื่อนคำอธิบายของคำถามลง (เมื่อยาวเกินที่ว่าง)",
            "Scroll the question's help down (when cut with …)",
        ),
        HelpUp => (
            "เลื่อนคำอธิบายของคำถามขึ้น",
            "Scroll the question's help back up",
        ),
        Overwrite => (
            "เขียนของฉันทับไฟล์ในดิสก์ (ถามอีกครั้ง)",
            "Write mine over the file on disk (asks again)",
        ),
        Suspend => (
            "พักไว้กลับไปที่เชลล์ (fg เพื่อกลับมา)",
            "Suspend to the shell (fg returns)",
        ),
        Yes => ("ใช่ ย้ายไปถังขยะ", "Yes: move it to the trash"),
        No => ("ไม่ เก็บไว้", "No: keep it"),
        Reload => (
            "ทิ้งการแก้ไขที่นี่ โหลดฉบับในดิสก์",
            "Drop the changes here, load the file on disk",
        ),
        KeepCopy => ("เก็บการแก้ไขของฉันเป็นไฟล์ใหม่", "Keep my changes as a new file"),
        LineStart => ("ไปต้นบรรทัด", "Go to the start of the line"),
        LineEnd => ("ไปท้ายบรรทัด", "Go to the end of the line"),
        DeleteBack => ("ลบตัวอักษรก่อนเคอร์เซอร์", "Delete the character before"),
        DeleteForward => ("ลบตัวอักษรที่เคอร์เซอร์", "Delete the character under"),
        DeleteWordBack => ("ลบคำก่อนเคอร์เซอร์", "Delete the word before"),
        DeleteToStart => ("ลบถึงต้นบรรทัด", "Delete to the start of the line"),
        DeleteToEnd => ("ลบถึงท้ายบรรทัด", "Delete to the end of the line"),
        NewLine => ("ขึ้นบรรทัดใหม่", "Start a new line"),
    };
    Cow::Borrowed(pick(lang, th, en))
}

/// The hint for the digits 1–9 shown as one.
pub fn pick_range_hint(lang: Lang) -> &'static str {
    pick(lang, "เลือกข้อ", "pick")
}

/// The sentence for the digits 1–9 shown as one row in help.
pub fn pick_range_help(here: Context, lang: Lang) -> &'static str {
    if here == Context::Wizard {
        pick(
            lang,
            "เลือกตัวเลือกลำดับที่ n (ตาราง: แถวนี้แล้วไปแถวถัดไป)",
            "Pick the n-th option (matrix: this row, then next)",
        )
    } else {
        pick(lang, "เลือกรายการลำดับที่ n", "Choose the n-th item")
    }
}

/// The heading of a context's block in the help popup.
pub fn context_name(c: Context, lang: Lang) -> &'static str {
    let (th, en) = match c {
        Context::Global => ("ทุกช่อง", "In every pane"),
        Context::List => ("รายการบริการ", "Service list"),
        Context::Wizard => ("คำถาม", "Questions"),
        Context::Result => ("ผลการประเมิน", "Result"),
        Context::Dialog => ("ทุกหน้าต่างโต้ตอบ", "In every dialog"),
        Context::Help => ("รายการปุ่มนี้", "This list of keys"),
        Context::Reader => ("ข้อความให้อ่าน", "Texts to read"),
        Context::Pick => (
            "รายการให้เลือก: พิมพ์เพื่อกรอง",
            "Lists to choose from: type to filter",
        ),
        Context::Confirm => ("ยืนยันการลบ", "Confirming a delete"),
        Context::Conflict => ("ไฟล์ถูกแก้ไขจากที่อื่น", "A file changed on disk"),
        Context::Form => ("แบบฟอร์มบริการ", "The service form"),
        Context::Select => ("ช่องเลือกชุดเกณฑ์", "The ruleset choice"),
        Context::Text => ("การพิมพ์ข้อความ", "Typing text"),
        Context::Filter => ("การพิมพ์ตัวกรอง", "Typing the filter"),
        Context::Done => ("เมื่อตอบครบ", "When every question is answered"),
        Context::Statement => ("คำแถลงการยอมรับ", "The acceptance statement"),
    };
    pick(lang, th, en)
}

/// A merge conflict on the question shown: both values and who chose them, and how to
/// resolve it. `cell` is the matrix row (empty for a whole answer); the values and names come
/// from the file and are made visible by the caller.
pub fn conflict_line(
    cell: &str,
    ours: &str,
    ours_by: &str,
    theirs: &str,
    theirs_by: &str,
    lang: Lang,
) -> String {
    let at = if cell.is_empty() {
        String::new()
    } else {
        format!(" {cell}")
    };
    match lang {
        Lang::Th => format!(
            "⚠ ขัดแย้ง{at}: ค่านี้ {ours} ({ours_by}) · อีกฝ่าย {theirs} ({theirs_by}) — เลือกคำตอบเพื่อยุติ"
        ),
        Lang::En => format!(
            "⚠ conflict{at}: here {ours} ({ours_by}) · other side {theirs} ({theirs_by}) — choose an answer to resolve"
        ),
    }
}

/// The line above a question whose answer is carried over from an earlier version of the
/// ruleset (`[[carry]]`): where it came from (`origin`, worded by the report layer:
/// "carried over from 1.x") and, when the ruleset asks for it, how to confirm it (`key`).
pub fn carried_line(origin: &str, confirm: bool, key: &str, lang: Lang) -> String {
    match (lang, confirm) {
        (Lang::Th, true) => format!("↺ {origin} — ตรวจสอบแล้วยืนยัน ({key})"),
        (Lang::En, true) => format!("↺ {origin} — check and confirm ({key})"),
        (Lang::Th, false) => format!("↺ {origin} — ใช้เป็นคำตอบแล้ว เลือกใหม่ได้"),
        (Lang::En, false) => format!("↺ {origin} — used as the answer; choose to change it"),
    }
}

/// The result pane's word on a carried answer: "impact: carried over — confirm".
pub fn carried_result(question: &str, confirm: bool, lang: Lang) -> String {
    match (lang, confirm) {
        (Lang::Th, true) => format!("↺ {question}: ยกมาจากรุ่นก่อน — รอยืนยัน"),
        (Lang::En, true) => format!("↺ {question}: carried over — confirm"),
        (Lang::Th, false) => format!("↺ {question}: ยกมาจากรุ่นก่อน"),
        (Lang::En, false) => format!("↺ {question}: carried over"),
    }
}

/// What the dialog says before the first change to an assessment whose sign-off holds: who
/// signed it, and that the change voids it.
pub fn void_approval(h: &crate::app::approval::Holding, lang: Lang) -> String {
    let by = crate::text::visible(&h.by);
    let role = crate::text::visible(&h.role);
    let who = if role.is_empty() {
        by.into_owned()
    } else {
        format!("{by} ({role})")
    };
    let date = crate::report::dates::date(h.at.date_naive(), lang);
    match (h.step.as_str(), lang) {
        ("reviewed", Lang::Th) => format!(
            "การประเมินนี้ได้รับการตรวจทานโดย {who} เมื่อ {date} การแก้ไขจะทำให้การตรวจทานนั้นสิ้นผล ต้องตรวจทานใหม่ แก้ไขหรือไม่?"
        ),
        ("reviewed", Lang::En) => format!(
            "This assessment is reviewed by {who} on {date}. Changing it voids the review: it will need to be reviewed again. Change it?"
        ),
        (_, Lang::Th) => format!(
            "การประเมินนี้ได้รับอนุมัติโดย {who} เมื่อ {date} การแก้ไขจะทำให้การอนุมัตินั้นสิ้นผล ต้องอนุมัติใหม่ แก้ไขหรือไม่?"
        ),
        (_, Lang::En) => format!(
            "This assessment is approved by {who} on {date}. Changing it voids the approval: it will need to be approved again. Change it?"
        ),
    }
}

/// Who last changed the answer under the cursor, and when (from git's history).
pub fn last_change(who: &str, when: &str, lang: Lang) -> String {
    pick(
        lang,
        format!("แก้ล่าสุดโดย {who} {when}"),
        format!("last changed by {who}, {when}"),
    )
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;
    use unicode_width::UnicodeWidthStr;

    use super::*;

    fn is_thai(s: &str) -> bool {
        s.chars().any(|c| ('\u{0E00}'..='\u{0E7F}').contains(&c))
    }

    #[test]
    fn every_message_has_thai_and_english() {
        for m in Msg::iter() {
            assert!(is_thai(m.text(Lang::Th)), "{m:?} Thai");
            assert!(!is_thai(m.text(Lang::En)), "{m:?} English");
        }
        for c in Context::all() {
            assert!(is_thai(context_name(c, Lang::Th)), "{c}");
            assert!(!is_thai(context_name(c, Lang::En)), "{c}");
        }
        for s in Sort::iter() {
            assert!(is_thai(sort_name(s, Lang::Th)));
        }
        let says = [
            Say::Saved,
            Say::NothingToUndo,
            Say::NothingToRedo,
            Say::AllAnswered,
            Say::CopiedImpacts,
            Say::CopiedGroupImpacts {
                group: "Agents".into(),
            },
            Say::NoStatement,
            Say::MovedToTrash { name: "Tax".into() },
            Say::ChangedElsewhere { name: "Tax".into() },
            Say::RemovedElsewhere { name: "Tax".into() },
            Say::ConflictPending,
            Say::NotUtf8Locale,
            Say::ReportEmpty,
            Say::ReportFailed("x".into()),
            Say::EditorRefused { hidden: true },
            Say::EditorRefused { hidden: false },
            Say::ResultHidden("export"),
            Say::NameMissing,
            Say::UnknownRuleset {
                path: None,
                id: "x".into(),
            },
        ];
        for s in &says {
            assert!(is_thai(&say(s, Lang::Th)), "{s:?}");
            assert!(!is_thai(&say(s, Lang::En)), "{s:?}");
        }
    }

    #[test]
    fn every_action_has_both_words_wherever_it_is() {
        for c in Context::all() {
            for a in Action::all() {
                for lang in [Lang::Th, Lang::En] {
                    assert!(!action_hint(a, c, lang).is_empty(), "{a} hint");
                    assert!(!action_help(a, c, lang).is_empty(), "{a} help");
                }
                if a != Action::ToggleLang {
                    assert!(is_thai(&action_hint(a, c, Lang::Th)), "{a}");
                    assert!(!is_thai(&action_hint(a, c, Lang::En)), "{a}");
                    assert!(is_thai(&action_help(a, c, Lang::Th)), "{a}");
                    assert!(!is_thai(&action_help(a, c, Lang::En)), "{a}");
                }
            }
        }
    }

    #[test]
    fn hint_words_stay_short_and_help_fits_the_80_column_popup() {
        for c in Context::all() {
            for a in Action::all() {
                for lang in [Lang::Th, Lang::En] {
                    let w = action_hint(a, c, lang).width();
                    assert!(w <= 20, "{a} {lang:?} hint is {w} cells");
                    let w = action_help(a, c, lang).width();
                    assert!(w <= 52, "{a} {lang:?} help is {w} cells");
                }
            }
            assert!(pick_range_help(c, Lang::Th).width() <= 52);
            assert!(pick_range_help(c, Lang::En).width() <= 52);
        }
    }

    #[test]
    fn progress_reads_naturally() {
        assert_eq!(progress(4, 9, Lang::En), "4 of 9");
        assert_eq!(progress(4, 9, Lang::Th), "ข้อ 4 จาก 9");
    }
}
