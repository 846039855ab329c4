//! Event labels on the timeline: their text (the title, marked when the date is
//! approximate or the event uncertain) and where they go, shortened with "…" only when
//! they do not fit. Text is measured by the caller's closure; unit-tested.

use crate::model::{Certainty, Span};
use crate::ui::style::ellipsize;
use crate::ui::text_direction::{for_display, shortened_for_display};

use super::layout::{TimeScale, label_extent};

/// Space between a marker and its label.
const LABEL_GAP: f32 = 5.0;
/// Titles longer than this are shortened whatever the room: a label is a pointer to the
/// event, its title is whole in the briefing pane.
const MAX_LABEL_CHARS: usize = 120;
/// A label shortened to fit must keep at least this much room, else it is left out.
const MIN_LABEL_PX: f32 = 40.0;

/// A label and where it goes beside or on the marker spanning `x0..x1`: whole when it
/// fits in the plot, else shortened with "…" at its end to the room left (a few tries,
/// each measured), or none when not even a few characters fit.
pub fn fitted_label<G>(
    text: &str,
    (x0, x1): (f32, f32),
    scale: &TimeScale,
    measure: &mut impl FnMut(String) -> (G, f32),
) -> Option<(G, (f32, f32))> {
    let extent = |width| label_extent(x0, x1, width, LABEL_GAP, scale.left_px, scale.right_px);
    let chars: Vec<char> = text.chars().collect();
    // Right-to-left titles are measured and drawn in display order, and shortened at
    // their logical end (on the left).
    let (mut label, mut width) = measure(for_display(text).into_owned());
    let mut at = extent(width);
    let mut keep = chars.len();
    for _ in 0..4 {
        let room = scale.right_px - at.0;
        if at.1 <= scale.right_px + 0.5 {
            return Some((label, at));
        }
        if room < MIN_LABEL_PX {
            return None;
        }
        keep = ((keep as f32 * room / width).floor() as usize)
            .saturating_sub(1)
            .min(keep.saturating_sub(1));
        if keep < 3 {
            return None;
        }
        let short = shortened_for_display(&chars[..keep].iter().collect::<String>(), keep);
        (label, width) = measure(short);
        at = extent(width);
    }
    (at.1 <= scale.right_px + 0.5).then_some((label, at))
}

/// The label of an event on the timeline: its title, marked when the date is approximate
/// or the event uncertain.
pub fn label_text(title: &str, span: &Span, certainty: Certainty) -> String {
    let title = ellipsize(title, MAX_LABEL_CHARS);
    let prefix = if span.is_qualified() { "~ " } else { "" };
    let suffix = match certainty {
        Certainty::Uncertain => " (?)",
        _ => "",
    };
    format!("{prefix}{title}{suffix}")
}

/// A label "measured" at 7 px per character, like 13 px text, for layout tests (the
/// layout hands over the string it built, hence by value).
#[cfg(test)]
#[allow(clippy::needless_pass_by_value)]
pub fn measure_for_tests(text: String) -> (f32, f32) {
    let width = text.chars().count() as f32 * 7.0;
    (width, width)
}

#[cfg(test)]
mod tests {
    use egui::{Rect, pos2};

    use super::*;
    use crate::ui::timeline::canvas::{GUTTER_WIDTH, canvas_scale};

    use super::measure_for_tests as measure;

    fn canvas_rect() -> Rect {
        Rect::from_min_max(pos2(0.0, 40.0), pos2(1200.0, 640.0))
    }

    #[test]
    fn labels_say_when_a_date_is_approximate_or_the_event_uncertain() {
        let exact = Span::parse("2025-07-26", "").unwrap();
        let approximate = Span::parse("2025-07-26~", "").unwrap();
        assert_eq!(label_text("Talks", &exact, Certainty::Confirmed), "Talks");
        assert_eq!(
            label_text("Talks", &approximate, Certainty::Uncertain),
            "~ Talks (?)"
        );
        let long = "x".repeat(200);
        assert_eq!(
            label_text(&long, &exact, Certainty::Reported)
                .chars()
                .count(),
            121
        );
    }

    #[test]
    #[allow(clippy::float_cmp)] // Whole numbers of pixels: equal means equal.
    fn labels_are_shortened_with_an_ellipsis_only_when_they_do_not_fit() {
        let scale = canvas_scale(canvas_rect(), (0.0, 1000.0));
        let text = "World Artificial Intelligence Conference".to_owned();
        // Room to spare: the whole title.
        let (label, at) = fitted_label(&text, (200.0, 212.0), &scale, &mut measure).unwrap();
        assert_eq!(label, text.chars().count() as f32 * 7.0);
        assert_eq!(at.0, 217.0);
        // Too long for either side of its marker: shortened to the room on the right,
        // with "…" at the end.
        let long = "Global AI Governance Action Plan ".repeat(4);
        let mut texts = Vec::new();
        let mut measure_text = |t: String| {
            let width = t.chars().count() as f32 * 7.0;
            texts.push(t);
            (width, width)
        };
        let right = scale.right_px;
        let (_, at) = fitted_label(&long, (600.0, 612.0), &scale, &mut measure_text).unwrap();
        assert_eq!(at.0, 617.0);
        assert!(at.1 <= right + 0.5, "{at:?} fits in the plot");
        let last = texts.last().unwrap();
        assert!(last.ends_with('…'), "{last}");
        assert!(last.chars().count() < long.chars().count() && last.chars().count() > 60);
        // Near the right edge with room on the left: whole, on the left.
        let (width, at) =
            fitted_label(&long, (right - 20.0, right - 8.0), &scale, &mut measure).unwrap();
        assert_eq!(width, long.chars().count() as f32 * 7.0);
        assert!(at.1 <= right - 20.0);
        // A plot too narrow for even a few characters: no label.
        let narrow = canvas_scale(
            Rect::from_min_max(pos2(0.0, 40.0), pos2(GUTTER_WIDTH + 80.0, 640.0)),
            (0.0, 1000.0),
        );
        let x = GUTTER_WIDTH + 30.0;
        assert!(fitted_label(&long, (x, x + 12.0), &narrow, &mut measure).is_none());
    }
}
