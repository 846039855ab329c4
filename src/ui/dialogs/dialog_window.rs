//! How every dialog is shown: as a modal over the window (egui's `Modal`), so nothing
//! behind it takes a click, a key or the Tab focus. Esc closes it, Enter presses its
//! default button, and when it opens its first field (or its default button) has focus.

use std::ops::{Deref, DerefMut};

use egui::{Button, Context, Id, Key, Modifiers, Response, RichText, Ui, WidgetText};

use super::answer::DialogAnswer;

/// A dialog about to be shown.
pub struct Dialog {
    title: String,
    width: f32,
    first_frame: bool,
}

/// What a dialog's content decided this frame.
struct DialogState {
    answer: DialogAnswer,
    /// What Enter does: the default button's answer, when it is enabled.
    default: Option<DialogAnswer>,
    /// The dialog has just opened and nothing in it has taken the focus yet.
    wants_focus: bool,
}

/// The dialog's `Ui`, with the buttons that answer for it.
pub struct DialogUi<'a> {
    ui: &'a mut Ui,
    state: &'a mut DialogState,
}

impl Dialog {
    /// `first_frame`: the dialog opened this frame, so it takes the keyboard focus.
    pub fn new(title: impl Into<String>, first_frame: bool) -> Self {
        Self {
            title: title.into(),
            width: 460.0,
            first_frame,
        }
    }

    #[must_use]
    pub fn width(mut self, width: f32) -> Self {
        self.width = width;
        self
    }

    /// Shows the dialog; its answer for this frame.
    pub fn show(self, ctx: &Context, add: impl FnOnce(&mut DialogUi<'_>)) -> DialogAnswer {
        let mut state = DialogState {
            answer: DialogAnswer::Stay,
            default: None,
            wants_focus: self.first_frame,
        };
        let width = self.width.min(ctx.content_rect().width() - 40.0).max(200.0);
        let response = egui::Modal::new(Id::unique("dialog").with(&self.title)).show(ctx, |ui| {
            ui.set_width(width);
            ui.heading(&self.title);
            ui.add_space(6.0);
            add(&mut DialogUi {
                ui,
                state: &mut state,
            });
        });
        if state.answer != DialogAnswer::Stay {
            return state.answer;
        }
        // Esc (or a click beside the dialog) closes it; Esc is taken only when this is
        // the top dialog, so it never reaches the window behind.
        if response.should_close() {
            return DialogAnswer::Close;
        }
        if let Some(default) = state.default
            && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter))
        {
            return default;
        }
        DialogAnswer::Stay
    }
}

impl DialogUi<'_> {
    /// Gives `response` the keyboard focus if the dialog has just opened and nothing
    /// before it took the focus: the first field of a dialog calls this.
    pub fn focus_first(&mut self, response: &Response) {
        if std::mem::take(&mut self.state.wants_focus) {
            response.request_focus();
        }
    }

    /// The button Enter presses, drawn strong; focused on opening when there is no field.
    pub fn default_button(
        &mut self,
        text: impl Into<String>,
        enabled: bool,
        answer: DialogAnswer,
    ) -> Response {
        let text = RichText::new(text.into()).strong();
        let response = self.ui.add_enabled(enabled, Button::new(text));
        if enabled {
            self.focus_first(&response);
            if response.clicked() {
                self.state.answer = answer.clone();
            }
            self.state.default = Some(answer);
        }
        response
    }

    /// A button that answers `answer` when pressed.
    pub fn button(
        &mut self,
        text: impl Into<WidgetText>,
        enabled: bool,
        answer: DialogAnswer,
    ) -> Response {
        let response = self.ui.add_enabled(enabled, Button::new(text));
        if response.clicked() {
            self.state.answer = answer;
        }
        response
    }

    /// "Cancel" (or "Close"): closes the dialog and does nothing else.
    pub fn cancel_button(&mut self, text: &str) -> Response {
        self.button(text, true, DialogAnswer::Close)
    }

    /// Answers for the dialog (from a widget that is not one of its buttons).
    pub fn answer(&mut self, answer: DialogAnswer) {
        self.state.answer = answer;
    }

    /// A row of buttons (or anything else), left to right.
    pub fn row(&mut self, add: impl FnOnce(&mut DialogUi<'_>)) {
        let state = &mut *self.state;
        self.ui.horizontal(|ui| add(&mut DialogUi { ui, state }));
    }
}

impl Deref for DialogUi<'_> {
    type Target = Ui;

    fn deref(&self) -> &Ui {
        self.ui
    }
}

impl DerefMut for DialogUi<'_> {
    fn deref_mut(&mut self) -> &mut Ui {
        self.ui
    }
}
