//! Applying commands and running actions: the single place where user actions change
//! the app.

use crate::formats::ExportFormat;
use crate::model::edit::{delete_with_references, record_at};
use crate::model::records::{Record, RecordKind};
use crate::state::Selection;
use crate::ui::actions::Action;
use crate::ui::commands::{AfterSave, Command, FilePurpose};
use crate::ui::dialogs::records::{DeleteConfirm, blank};
use crate::ui::dialogs::{ExportDialog, Modal};
use crate::ui::editor::Editor;

use super::forms::duplicate;
use super::window::DossierApp;

impl DossierApp {
    /// Commands that replace the open dossier: with unsaved edits, they wait for the
    /// answer to "save changes first?". (Open… asks once a file is chosen, so the
    /// question comes once.)
    fn replaces_dossier(command: &Command) -> bool {
        matches!(
            command,
            Command::OpenFile(_) | Command::Run(Action::OpenDefault)
        )
    }

    /// Applies one command: the single place where user actions change the app.
    /// Selects the search result `event` and brings it into view.
    pub(super) fn show_result(&mut self, event: usize) {
        if let Some(found) = self.workspace.document.dossier.events.get(event) {
            let id = found.id.to_string();
            self.workspace.select(Some(Selection::Event(id)));
            self.reveal_selection();
        }
    }

    pub fn apply(&mut self, ctx: &egui::Context, command: Command) {
        if Self::replaces_dossier(&command) && self.workspace.is_dirty() {
            self.open_modal(Modal::Unsaved(AfterSave::Run(Box::new(command))));
            return;
        }
        self.apply_now(ctx, command);
    }

    /// Applies a command without asking about unsaved edits first.
    fn apply_now(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Run(action) => self.run(ctx, action),
            Command::Select(selection) => {
                self.workspace.select(selection);
                self.reveal_selection();
            }
            Command::OpenFile(path) => self.open(ctx, &path),
            Command::SetTheme(theme) => {
                self.settings.theme = theme;
                ctx.set_theme(theme.preference());
            }
            Command::ChooseFile(purpose) => self.choose_file(purpose),
            Command::TypePath { purpose, note } => self.type_path(purpose, note),
            Command::ExportDossierTo { format, path } => self.export_dossier(ctx, format, &path),
            Command::ExportTo {
                briefing,
                format,
                path,
            } => self.export_to(&briefing, format, &path),
            Command::CopyBriefingText(id) => self.copy_briefing_text(ctx, &id),
            Command::ShowRange(start, end) => self.timeline.set_view(start, end),
            Command::ApplyEdit {
                label,
                edit,
                select,
            } => {
                // Messages name the record by its title, not its id.
                let name = edit_record_name(&edit);
                match self.workspace.apply(&label, edit) {
                    Ok(()) => {
                        self.editor = None;
                        if select.is_some() {
                            self.workspace.select(select);
                            self.reveal_selection();
                        }
                        self.status_message = Some(if name.is_empty() {
                            format!("Done: {label}.")
                        } else {
                            format!("Done: {label} “{name}”.")
                        });
                    }
                    Err(refused) => {
                        // Keep the form open with the reason, so nothing typed is lost.
                        if let Some(editor) = &mut self.editor {
                            editor.refused = vec![refused.to_string()];
                        }
                        self.status_message = Some(refused.to_string());
                    }
                }
            }
            Command::EditRecord { kind, position } => {
                self.editor = Editor::edit(&self.workspace.document, kind, position);
            }
            Command::NewRecord(record) => self.editor = Some(Editor::create(record)),
            Command::Duplicate { kind, position } => {
                if let Some(record) = record_at(&self.workspace.document.dossier, kind, position) {
                    self.editor = Some(Editor::create(duplicate(&self.workspace.document, record)));
                }
            }
            Command::AskDelete { kind, position } => {
                if let Some(confirm) = DeleteConfirm::new(&self.workspace.document, kind, position)
                {
                    self.open_modal(Modal::ConfirmDelete(confirm));
                }
            }
            Command::ConfirmDelete { kind, position } => self.delete(kind, position),
            Command::NewEventAt { lane, date } => {
                if let Record::Event(mut event) = blank(&self.workspace.document, RecordKind::Event)
                {
                    event.lane = lane.into();
                    event.start = date.into();
                    self.editor = Some(Editor::create(Record::Event(event)));
                }
            }
            Command::BriefingFromRange(start, end) => self.range_briefing(start, end),
            Command::Save {
                overwrite_changes,
                then,
            } => self.save(ctx, overwrite_changes, then),
            Command::SaveTo {
                path,
                replace,
                then,
            } => self.save_to(ctx, &path, replace, then),
            Command::Discard(then) => self.go_ahead(ctx, then),
            Command::Reload => self.reload(),
            Command::KeepMine => self.disk_banner = None,
            Command::CancelOpen => self.cancel_open(),
        }
    }

    /// Does what waited for a save, once saved or once the user chose to discard.
    pub(super) fn go_ahead(&mut self, ctx: &egui::Context, then: AfterSave) {
        match then {
            AfterSave::Run(command) => self.apply_now(ctx, *command),
            AfterSave::Close => {
                self.close_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Deletes a record and every reference to it, as one undoable step.
    fn delete(&mut self, kind: RecordKind, position: usize) {
        let document = &self.workspace.document;
        let name = record_at(&document.dossier, kind, position)
            .map(|record| record.name().to_owned())
            .unwrap_or_default();
        if let Some(edit) = delete_with_references(&document.dossier, kind, position) {
            let label = format!("delete {}", kind.noun());
            match self.workspace.apply(&label, edit) {
                Ok(()) => {
                    self.status_message = Some(format!(
                        "Deleted the {} “{name}”. {} brings it back.",
                        kind.noun(),
                        Action::Undo.hint()
                    ));
                }
                Err(refused) => self.status_message = Some(refused.to_string()),
            }
        }
    }

    /// Runs an action from the menu, the keyboard or a panel's button.
    pub(super) fn run(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Open => self.choose_file(FilePurpose::Open),
            Action::OpenPath => self.type_path(FilePurpose::Open, None),
            Action::OpenDefault => self.open_default(),
            Action::Save => self.save(ctx, false, None),
            Action::SaveAs => self.choose_file(FilePurpose::SaveAs(None)),
            Action::Undo => {
                self.status_message = Some(match self.workspace.try_undo() {
                    Ok(label) => format!("Undone: {label}."),
                    Err(refused) => format!("{refused}."),
                });
            }
            Action::Redo => {
                self.status_message = Some(match self.workspace.try_redo() {
                    Ok(label) => format!("Redone: {label}."),
                    Err(refused) => format!("{refused}."),
                });
            }
            Action::NewEvent => self.new_event(),
            Action::NewEntity => self.new_record(RecordKind::Entity),
            Action::NewLane => self.new_record(RecordKind::Lane),
            Action::NewSource => self.new_record(RecordKind::Source),
            Action::NewPeriod => self.new_record(RecordKind::Period),
            Action::NewBriefing => self.new_record(RecordKind::Briefing),
            Action::BriefingFromSelection => self.briefing_from_selection(),
            Action::EditSelected | Action::DuplicateSelected | Action::DeleteSelected => {
                if let Some((kind, position)) = self.selected_record() {
                    let command = match action {
                        Action::EditSelected => Command::EditRecord { kind, position },
                        Action::DuplicateSelected => Command::Duplicate { kind, position },
                        _ => Command::AskDelete { kind, position },
                    };
                    self.apply(ctx, command);
                }
            }
            Action::ManageRecords => self.open_modal(Modal::Records),
            Action::ExportBriefing => {
                if let Some(briefing) = self.current_briefing() {
                    self.open_modal(Modal::Export(ExportDialog {
                        briefing,
                        format: ExportFormat::Text,
                    }));
                } else {
                    self.status_message =
                        Some("This dossier has no briefing to export.".to_owned());
                }
            }
            Action::CopyBriefing => {
                if let Some(id) = self.current_briefing() {
                    self.copy_briefing_text(ctx, &id);
                }
            }
            Action::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Action::Back => {
                self.workspace.selection.back();
                self.reveal_selection();
            }
            Action::Forward => {
                self.workspace.selection.forward();
                self.reveal_selection();
            }
            Action::ClearSelection => self.workspace.select(None),
            Action::PreviousEvent => {
                self.workspace.step_event(-1);
                self.reveal_selection();
            }
            Action::NextEvent => {
                self.workspace.step_event(1);
                self.reveal_selection();
            }
            Action::FindEntity => self.sidebar.focus_filter = true,
            Action::Find => self.search.focus = true,
            Action::NextResult | Action::PreviousResult => {
                if let Some(e) = self.search.step(action == Action::NextResult) {
                    self.show_result(e);
                }
            }
            Action::FilterToRange => {
                if let Some((start, end)) = self.timeline.brush.take() {
                    self.filter.range = Some((start.floor() as i64, end.ceil() as i64));
                }
            }
            Action::FitTimeline => self.timeline.fit_all(&self.workspace.document),
            Action::ZoomToSelection => self.timeline.zoom_to_selection(&self.workspace),
            Action::ZoomIn => self.timeline.zoom(1.5),
            Action::ZoomOut => self.timeline.zoom(1.0 / 1.5),
            Action::ToggleEventTable => self.table.open = !self.table.open,
            Action::ShowWarnings => self.open_modal(Modal::Warnings),
            Action::Shortcuts => self.open_modal(Modal::Shortcuts),
            Action::About => self.open_modal(Modal::About),
        }
    }

    pub(super) fn reveal_selection(&mut self) {
        if let Some(event) = self.workspace.selected_event() {
            self.timeline.reveal(&self.workspace.document, event);
        }
    }
}

/// The name of the record an edit writes, for messages.
fn edit_record_name(edit: &crate::model::edit::Edit) -> String {
    use crate::model::edit::Edit;
    match edit {
        Edit::Insert { record, .. } | Edit::Replace { record, .. } => record.name().to_owned(),
        _ => String::new(),
    }
}
