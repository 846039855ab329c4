//! Windows over the main view. At most one is open at a time ([`Modal`]); each answers
//! with a [`DialogAnswer`], and the app applies the commands in it.

pub mod answer;
pub mod dialog_window;
pub mod error;
pub mod export;
pub mod files;
pub mod info;
pub mod modal;
pub mod records;
pub mod saving;

pub use answer::DialogAnswer;
pub use error::ErrorPanel;
pub use export::{EXPORT_BRIEFING_LABEL, ExportDialog};
pub use files::{PATH_FIELD_LABEL, PathPrompt, PendingDialog};
pub use modal::{Modal, ModalContext};
pub use saving::ReplaceConfirm;
