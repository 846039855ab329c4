//! Golden files: the exact text of each briefing export. Regenerate after an intended
//! change with `UPDATE_GOLDEN=1 cargo test --test export_golden` and review the diff.

#![allow(clippy::unwrap_used, clippy::expect_used)] // A failing test should panic loudly.

use std::path::PathBuf;

use dossier::formats::briefing::{TextFormat, export_briefing};

fn check(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs from the export; first differing line:\n{}",
        path.display(),
        expected
            .lines()
            .zip(actual.lines())
            .find(|(a, b)| a != b)
            .map_or_else(
                || "(length differs)".to_owned(),
                |(a, b)| format!("expected: {a}\nactual:   {b}")
            )
    );
}

#[test]
fn default_briefings_match_their_golden_files() {
    let document = dossier::formats::default_dossier();
    assert!(document.dossier.briefings.len() >= 2);
    for briefing in &document.dossier.briefings {
        let id = &briefing.id;
        check(
            &format!("{id}.txt"),
            &export_briefing(&document, id, TextFormat::Plain, 78).unwrap(),
        );
        check(
            &format!("{id}.md"),
            &export_briefing(&document, id, TextFormat::Markdown, 78).unwrap(),
        );
    }
}

#[test]
fn narrow_and_unwrapped_text() {
    let document = dossier::formats::default_dossier();
    let id = "china-waico-proposal";
    check(
        &format!("{id}.w40.txt"),
        &export_briefing(&document, id, TextFormat::Plain, 40).unwrap(),
    );
    let unwrapped = export_briefing(&document, id, TextFormat::Plain, 0).unwrap();
    // With no wrap, each paragraph is one line: far longer than 78 columns.
    assert!(unwrapped.lines().any(|l| l.len() > 200));
    check(&format!("{id}.nowrap.txt"), &unwrapped);
}

#[test]
fn export_is_deterministic() {
    let a = export_briefing(
        &dossier::formats::default_dossier(),
        "us-china-plans-side-by-side",
        TextFormat::Plain,
        78,
    )
    .unwrap();
    let b = export_briefing(
        &dossier::formats::default_dossier(),
        "us-china-plans-side-by-side",
        TextFormat::Plain,
        78,
    )
    .unwrap();
    assert_eq!(a, b);
}

#[test]
fn html_briefings_match_their_golden_files() {
    use dossier::formats::briefing_html::briefing_html;
    let document = dossier::formats::default_dossier();
    for briefing in &document.dossier.briefings {
        let id = &briefing.id;
        // Without the picture: the timeline is drawn by the window's code and checked there.
        check(
            &format!("{id}.html"),
            &briefing_html(&document, id, None).unwrap(),
        );
    }
}

#[test]
fn html_briefing_is_one_self_contained_file() {
    use dossier::formats::briefing_html::{base64, briefing_html};
    let document = dossier::formats::default_dossier();
    let id = "china-waico-proposal";
    let picture = [0x89_u8, b'P', b'N', b'G', 1, 2, 3];
    let html = briefing_html(&document, id, Some(&picture)).unwrap();
    assert!(html.contains(&format!(
        "src=\"data:image/png;base64,{}\"",
        base64(&picture)
    )));
    // Nothing is fetched: no script, no style sheet or image from elsewhere.
    for needle in ["<script", "<link", "src=\"http", "@import", "url("] {
        assert!(!html.contains(needle), "{needle}");
    }
    // Each citation shows the grade of what it cites; weak paragraphs are marked.
    assert!(html.contains(
        "<a href=\"#ref-1\">[1]</a><span class=\"g gC\" title=\"fairly reliable\">C</span>"
    ));
    assert!(html.contains("<li id=\"ref-1\">"));
    assert!(html.contains("⚠ rests on a single source"));
    // The text exports are unchanged by grades: no badge leaks into them.
    let text = export_briefing(&document, id, TextFormat::Plain, 78).unwrap();
    assert!(!text.contains("[1 ") && !text.contains('⚠'));
    assert!(briefing_html(&document, "no-such-briefing", None).is_err());
}
