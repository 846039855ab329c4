//! Windows that only inform: the warnings of the open dossier, the keyboard shortcuts and
//! About Dossier.

use egui::{Context, RichText};

use crate::model::Document;
use crate::ui::actions::{Action, shortcut_text};

use super::answer::DialogAnswer;
use super::dialog_window::{Dialog, DialogUi};

/// The one button of a window that only informs.
fn close_row(dialog: &mut DialogUi<'_>) {
    dialog.add_space(6.0);
    dialog.row(|row| {
        row.default_button("Close", true, DialogAnswer::Close);
    });
}

/// The warnings of the open dossier.
pub fn warnings_ui(
    ctx: &Context,
    first_frame: bool,
    document: &Document,
    file: &str,
) -> DialogAnswer {
    Dialog::new("Warnings", first_frame)
        .width(620.0)
        .show(ctx, |ui| {
            if document.problems.is_empty() {
                ui.label("No warnings.");
            }
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for problem in &document.problems {
                        ui.label(RichText::new(format!("{file}: {problem}")).monospace());
                    }
                });
            close_row(ui);
        })
}

/// Pointer gestures, which have no action of their own, listed after the shortcuts.
pub const POINTER_GESTURES: [(&str, &str); 4] = [
    ("Zoom at the pointer", "mouse wheel, pinch"),
    ("Pan", "drag, horizontal scroll"),
    ("Fit all", "double-click empty space"),
    ("Back / forward", "mouse buttons 4 / 5"),
];

/// The keyboard shortcuts, from the one list of actions.
pub fn shortcuts_ui(ctx: &Context, first_frame: bool) -> DialogAnswer {
    Dialog::new("Keyboard shortcuts", first_frame)
        .width(440.0)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for action in Action::ALL {
                        let keys = action.shortcuts();
                        if keys.is_empty() {
                            continue;
                        }
                        ui.label(action.label());
                        let keys: Vec<String> = keys.iter().map(shortcut_text).collect();
                        ui.monospace(keys.join(" or "));
                        ui.end_row();
                    }
                    for (what, keys) in POINTER_GESTURES {
                        ui.label(what);
                        ui.monospace(keys);
                        ui.end_row();
                    }
                });
            close_row(ui);
        })
}

/// About Dossier.
pub fn about_ui(ctx: &Context, first_frame: bool) -> DialogAnswer {
    Dialog::new("About Dossier", first_frame).show(ctx, |ui| {
        ui.label(RichText::new(format!("Dossier {}", env!("CARGO_PKG_VERSION"))).strong());
        ui.label(env!("CARGO_PKG_DESCRIPTION"));
        ui.label("Chinese text uses Noto Sans CJK (SIL Open Font License 1.1).");
        close_row(ui);
    })
}
