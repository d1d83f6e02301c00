//! Application state without drawing or terminal I/O: the wizard, the open assessment and its
//! undo history. The interface (`tui`) renders it and feeds it actions.

pub mod catalog;
pub mod history;
pub mod session;
pub mod wizard;
