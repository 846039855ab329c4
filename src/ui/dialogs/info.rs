//! Windows that only inform: the warnings of the open dossier, the keyboard shortcuts and
//! About Dossier.

use egui::{Context, RichText, Window};

use crate::model::Document;
use crate::ui::actions::{Action, shortcut_text};

use super::answer::DialogAnswer;

/// The warnings of the open dossier.
pub fn warnings_ui(ctx: &Context, document: &Document, file: &str) -> DialogAnswer {
    let mut open = true;
    Window::new("Warnings")
        .open(&mut open)
        .default_width(520.0)
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
        });
    DialogAnswer::stay_if(open)
}

/// Pointer gestures, which have no action of their own, listed after the shortcuts.
pub const POINTER_GESTURES: [(&str, &str); 4] = [
    ("Zoom at the pointer", "mouse wheel, pinch"),
    ("Pan", "drag, horizontal scroll"),
    ("Fit all", "double-click empty space"),
    ("Back / forward", "mouse buttons 4 / 5"),
];

/// The keyboard shortcuts, from the one list of actions.
pub fn shortcuts_ui(ctx: &Context) -> DialogAnswer {
    let mut open = true;
    Window::new("Keyboard shortcuts")
        .open(&mut open)
        .resizable(false)
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
        });
    DialogAnswer::stay_if(open)
}

/// About Dossier.
pub fn about_ui(ctx: &Context) -> DialogAnswer {
    let mut open = true;
    Window::new("About Dossier")
        .open(&mut open)
        .resizable(false)
        .show(ctx, |ui| {
            ui.heading(format!("Dossier {}", env!("CARGO_PKG_VERSION")));
            ui.label(env!("CARGO_PKG_DESCRIPTION"));
            ui.label("Chinese text uses Noto Sans CJK (SIL Open Font License 1.1).");
        });
    DialogAnswer::stay_if(open)
}
